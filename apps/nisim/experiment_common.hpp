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
  std::optional<std::int64_t> seed;  // signed, so that --seed -1 is reported as typed
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
/// its outcome. Returns the exit code: 0, or kExitRunsFailed when some runs failed. On
/// SIGINT/SIGTERM (not under mpirun) it prints the stored runs and the resume command on
/// stderr and lets output::Interrupted through (main exits 130/143).
int execute_experiment(const ExperimentFlags& f, const std::string& command_line,
                       const std::function<experiment::ExperimentSetup()>& build);

/// `args` (a command line, argv[0] first) as a shell command that resumes it: `--force`
/// dropped, `--resume` appended unless present, arguments quoted for a POSIX shell where
/// needed. Printed on stderr when an experiment is interrupted (SIGINT/SIGTERM).
std::string resume_command(const std::vector<std::string>& args);

/// Prints the outcome line, the failed runs (stderr) and the folder.
void print_outcome(const std::string& what, const experiment::ExperimentOutcome& o);

}  // namespace nisim::cli
