// Checks of a resolved scenario that can be made before a run: `nisim validate` runs
// them, and so do `run`, `ensemble` and `sweep` before any run starts, so that what
// validate accepts is what a run accepts (and an experiment never fails every run for a
// reason it could have found at the start).
#pragma once
#include <cstddef>
#include <string>

#include <nisim/scenario/scenario.hpp>

namespace nisim::policy {

/// Largest total R&D super-deduction (the baseline rate plus tax_incentives' extra
/// deductions) the tax_incentives instrument applies in a year.
inline constexpr double kMaxSuperDeduction = 2.5;

/// Throws scenario::ScenarioError (naming the file, line where known, and keys) unless:
/// - the block targets and joint parameter constraints hold (model::validate_targets);
/// - every [[policy]]/[[shock]] block builds its instrument (the instrument's own checks,
///   for example tax_incentives' matching funds for firm kinds only);
/// - the user cost of R&D, 1 - cit_rate * (1 + super-deduction), stays above 0 in every
///   period, with the extra deductions of tax_incentives blocks added (at 0 or below R&D
///   would cost firms nothing and their desired budgets would be unbounded);
/// - the scale leaves every scaled population at least one expected agent
///   (minimum_scale);
/// - every name in [outputs].indicators is an indicator (or family) that runs report.
void preflight(const scenario::Scenario& sc);

/// Smallest scale at which universities, institutes and R&D-performing firms of 2010
/// each have at least one expected agent: max(1 / universities_2010, 1 / institutes_2010,
/// 1 / firms_2010). About 0.00091 with the default parameters.
double minimum_scale(const scenario::Scenario& sc);

/// Estimated peak resident memory of one run of `sc` in bytes: a rule fitted to measured
/// baseline runs (see the implementation), within about 30% for scales 0.01-1 and
/// horizons 2035-2100. Scenarios that grow the workforce faster need more.
std::size_t estimated_run_bytes(const scenario::Scenario& sc);

/// Physical memory of this machine in bytes (sysconf), 0 if unknown.
std::size_t physical_memory_bytes();

/// "1.2 GiB": a byte count as messages print it.
std::string gib_text(std::size_t bytes);

}  // namespace nisim::policy
