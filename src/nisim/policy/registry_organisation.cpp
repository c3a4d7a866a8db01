// Instruments that change how the innovation chain is organised (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

std::vector<Module> modules_organisation() {
  return {};
}

}  // namespace nisim::policy
