// The scenario flags shared by `run`, `ensemble` and `sweep`.
#include <fmt/format.h>

#include <iostream>
#include <limits>

#include <nisim/engine/parallel.hpp>

#include <nisim/policy/preflight.hpp>

#include "cli.hpp"

namespace nisim::cli {

void check_fits_in_memory(const scenario::Scenario& sc, bool scale_flag, bool until_flag) {
  const std::size_t need = policy::estimated_run_bytes(sc);
  const std::size_t have = policy::physical_memory_bytes();
  // 90%: the operating system and the rest of the process need some of it.
  if (have > 0 && double(need) > 0.9 * double(have))
    throw UsageError(fmt::format(
        "{} {} with {} {}: one run needs about {} of memory by the estimate (bench/README.md), and this "
        "machine has {}; lower the scale or the last year",
        scale_flag ? "--scale" : "run.scale", sc.run.scale, until_flag ? "--until" : "run.end_year", sc.run.end_year,
        policy::gib_text(need), policy::gib_text(have)));
}

int capped_to_cores(int requested, const char* flag) {
  if (requested < 0) throw UsageError(fmt::format("{}: expected 0 (all cores) or a positive number, found {}", flag, requested));
  const int cores = std::max(1, engine::current_threads());
  if (requested <= cores) return requested;
  std::cerr << fmt::format("note: {} {} is more than the {} cores this process can use; using {}\n", flag, requested,
                           cores, cores);
  return cores;
}

scenario::Scenario load_with_run_flags(const std::string& file, std::vector<std::string> sets,
                                       const std::optional<std::int64_t>& seed, const std::optional<double>& scale,
                                       const std::optional<int>& until) {
  // The flags are checked here so that a bad value is reported under the flag's name.
  if (scale && !(*scale > 0 && *scale <= 2))
    throw UsageError(fmt::format("--scale: expected a number with 0 < S <= 2, found {}", *scale));
  if (until && (*until < 2010 || *until > 2100))
    throw UsageError(fmt::format("--until: expected a year between 2010 and 2100, found {}", *until));
  if (seed && *seed < 0)
    throw UsageError(fmt::format("--seed: expected an integer between 0 and {}, found {}",
                                 std::numeric_limits<std::int64_t>::max(), *seed));
  if (seed) sets.push_back(fmt::format("run.seed={}", *seed));
  if (scale) sets.push_back(fmt::format("run.scale={}", *scale));
  if (until) sets.push_back(fmt::format("run.end_year={}", *until));
  auto sc = scenario::load_scenario(file, sets);
  if (until && *until < sc.run.start_year)
    throw UsageError(fmt::format("--until: {} is before the scenario's start year {}", *until, sc.run.start_year));
  try {
    policy::preflight(sc);
  } catch (const scenario::ScenarioError& e) {
    // A scale the scenario's populations cannot take: name the flag the user typed.
    if (scale && e.key().rfind("run.scale", 0) == 0) throw UsageError(fmt::format("--scale {}: {}", *scale, e.what()));
    throw;
  }
  check_fits_in_memory(sc, scale.has_value(), until.has_value());
  return sc;
}

}  // namespace nisim::cli
