// Openness instruments and the shocks from the outside world (MODEL.md section 5).
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const Module& export_controls_module();

std::vector<Module> modules_world() {
  return {
      export_controls_module(),
  };
}

}  // namespace nisim::policy
