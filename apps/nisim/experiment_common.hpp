// Options and execution shared by the experiment verbs (ensemble, sweep).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nisim/experiment/experiment.hpp>

#include "cli.hpp"

namespace nisim::cli {

/// Flags common to `ensemble` and `sweep`.
struct ExperimentFlags {
  std::string scenario, out, progress = "auto", shard = "1/1";
  std::optional<std::uint64_t> seed;
  std::optional<double> scale;
  std::optional<int> until;
  int jobs = 0, threads = 0;
  std::vector<std::string> sets;
  bool resume = false, force = false;
};

/// Registers the common flags on `sub`.
void add_experiment_flags(CLI::App* sub, ExperimentFlags& f);

/// The base scenario: the file with --set, --scale and --until applied (the per-run seed
/// comes from the plan). Throws ScenarioError / UsageError.
scenario::Scenario load_base_scenario(const ExperimentFlags& f);

/// Builds the setup with `build` (on every MPI process), runs the experiment and prints
/// its outcome. Returns the exit code: 0, or kExitRunsFailed when some runs failed.
int execute_experiment(const ExperimentFlags& f, const std::string& command_line,
                       const std::function<experiment::ExperimentSetup()>& build);

/// Prints the outcome line, the failed runs (stderr) and the folder.
void print_outcome(const std::string& what, const experiment::ExperimentOutcome& o);

}  // namespace nisim::cli
