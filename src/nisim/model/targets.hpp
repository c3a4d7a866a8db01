// Checks of a scenario that need the model's data (technology area ids).
#pragma once
#include <nisim/scenario/scenario.hpp>

namespace nisim::model {

/// Throws scenario::ScenarioError (naming the block's file and line) if a [[policy]] or
/// [[shock]] block targets an unknown technology area, or if the parameters are
/// inconsistent together (for example shares adding up to more than one).
void validate_targets(const scenario::Scenario& sc);

}  // namespace nisim::model
