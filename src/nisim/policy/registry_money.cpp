// Instruments that act through money and incentives (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const Module& research_funding_mix_module();
const Module& talent_programme_module();
const Module& soe_reform_module();
const Module& tax_incentives_module();
const Module& guidance_funds_module();
const Module& higher_education_expansion_module();
const Module& export_discipline_module();
const Module& megaprojects_module();
const Module& industrial_base_protection_module();

std::vector<Module> modules_money() {
  return {
      research_funding_mix_module(),
      talent_programme_module(),
      soe_reform_module(),
      tax_incentives_module(),
      guidance_funds_module(),
      higher_education_expansion_module(),
      export_discipline_module(),
      megaprojects_module(),
      industrial_base_protection_module(),
  };
}

}  // namespace nisim::policy
