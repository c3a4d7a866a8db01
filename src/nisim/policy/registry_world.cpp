// Openness instruments and the shocks from the outside world (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const Module& export_controls_module();
const Module& openness_module();
const Module& illicit_acquisition_module();
const Module& entity_listing_module();
const Module& end_of_st_agreement_module();
const Module& joint_publication_decline_module();
const Module& investment_restrictions_module();
const Module& stay_rate_shift_module();
const Module& fdi_shift_module();

std::vector<Module> modules_world() {
  return {
      export_controls_module(),
      openness_module(),
      illicit_acquisition_module(),
      entity_listing_module(),
      end_of_st_agreement_module(),
      joint_publication_decline_module(),
      investment_restrictions_module(),
      stay_rate_shift_module(),
      fdi_shift_module(),
  };
}

}  // namespace nisim::policy
