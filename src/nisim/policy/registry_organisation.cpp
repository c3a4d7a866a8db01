// Instruments that change how the innovation chain is organised (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const Module& centralisation_module();
const Module& innovation_consortia_module();
const Module& unveiling_the_list_module();
const Module& innovation_associations_module();
const Module& new_style_institutes_module();
const Module& inventor_ownership_module();
const Module& little_giants_module();
const Module& supply_chain_architects_module();
const Module& clusters_and_zones_module();

std::vector<Module> modules_organisation() {
  return {
      centralisation_module(),
      innovation_consortia_module(),
      unveiling_the_list_module(),
      innovation_associations_module(),
      new_style_institutes_module(),
      inventor_ownership_module(),
      little_giants_module(),
      supply_chain_architects_module(),
      clusters_and_zones_module(),
  };
}

}  // namespace nisim::policy
