// Instruments that act through money and incentives (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const Module& research_funding_mix_module();
const Module& talent_programme_module();

std::vector<Module> modules_money() {
  return {
      research_funding_mix_module(),
      talent_programme_module(),
  };
}

}  // namespace nisim::policy
