// The scenario flags shared by `run`, `ensemble` and `sweep`.
#include <fmt/format.h>

#include <nisim/model/targets.hpp>

#include "cli.hpp"

namespace nisim::cli {

scenario::Scenario load_with_run_flags(const std::string& file, std::vector<std::string> sets,
                                       const std::optional<std::uint64_t>& seed, const std::optional<double>& scale,
                                       const std::optional<int>& until) {
  // The flags are checked here so that a bad value is reported under the flag's name.
  if (scale && !(*scale > 0 && *scale <= 2))
    throw UsageError(fmt::format("--scale: expected a number with 0 < S <= 2, found {}", *scale));
  if (until && (*until < 2010 || *until > 2100))
    throw UsageError(fmt::format("--until: expected a year between 2010 and 2100, found {}", *until));
  if (seed) sets.push_back(fmt::format("run.seed={}", *seed));
  if (scale) sets.push_back(fmt::format("run.scale={}", *scale));
  if (until) sets.push_back(fmt::format("run.end_year={}", *until));
  auto sc = scenario::load_scenario(file, sets);
  if (until && *until < sc.run.start_year)
    throw UsageError(fmt::format("--until: {} is before the scenario's start year {}", *until, sc.run.start_year));
  model::validate_targets(sc);
  return sc;
}

}  // namespace nisim::cli
