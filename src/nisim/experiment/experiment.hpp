// An experiment folder: many runs of one scenario (an ensemble, or a sweep over a design),
// each committed to results.sqlite as it finishes, resumable after a crash, shardable
// across machines and distributable over MPI.
//
// Folder contents (DIR = --out):
//   results.sqlite          the store (see store.hpp); written run by run
//   manifest.json           nisim version, git commit, command line, fingerprint, scenario,
//                           design, shard, counts and every run's status, seed, parameters,
//                           error and wall time; rewritten while running (status "running")
//                           and at the end ("complete", or "failed-runs" when some failed)
//   scenario.resolved.toml  the base scenario (before each run's parameters and seed)
//   summary.csv             per indicator and year (and design point for sweeps): n, mean,
//                           sd, q05, q25, q50, q75, q95 over the ok runs
//   indicators.csv          every ok run's tidy rows (run,scenario,seed,year,indicator,value)
//                           unless [outputs] csv = false
//   runs.csv                run,point,replication,seed,status,error and the parameter values
//   design.csv              sweeps: point,group,role and the parameter values
//   .nisim.lock             the lock file (PID of the process that runs the experiment)
// summary.csv, indicators.csv, runs.csv and design.csv are written from the store in run
// order when the experiment ends, so they are byte-identical whether the experiment ran in
// one go, was resumed, ran on several MPI processes or was merged from shards.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/experiment/mpi.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/output/progress.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::experiment {

/// What the experiment is: its plan and base scenario (identical on every MPI rank).
struct ExperimentSetup {
  ExperimentPlan plan;
  scenario::Scenario base;  ///< resolved with the command line's --set, --scale, --until
  std::string command_line;
};

/// How to execute it.
struct ExperimentOptions {
  std::filesystem::path out;
  Shard shard;
  bool resume = false;  ///< continue the experiment in `out`, running only missing runs
  bool force = false;   ///< replace a non-empty `out` that nisim wrote
  int jobs = 0;         ///< concurrent runs in this process; 0 = cores / processes on the host
  int threads = 0;      ///< oneTBB threads per run; 0 = cores / (jobs x processes on the host)
  output::ProgressMode progress = output::ProgressMode::Auto;
};

struct ExperimentOutcome {
  std::size_t planned = 0;   ///< runs of this shard
  std::size_t ok = 0, failed = 0;
  std::size_t resumed = 0;   ///< runs found finished in the folder and not run again
  std::size_t missing = 0;   ///< merge: runs of the plan in no input
  std::filesystem::path dir;
};

/// Rank 0: prepares the folder (checks, lock, resume), executes the missing runs of the
/// shard (locally on `jobs` threads, or over MPI), stores each result as it finishes, and
/// writes the output files. Ranks > 0: serve runs. Throws output::OutputError for an
/// unusable folder: it exists and is not empty without --resume/--force, holds another
/// experiment, was not written by nisim (never replaced, not even with --force), contains
/// the scenario file, or is locked by another process.
///
/// Lock: rank 0 holds an exclusive flock on DIR/.nisim.lock (which holds its PID) from
/// the folder's preparation to the end; a second process on the same folder (say a
/// re-submitted `--resume`) gets OutputError naming the folder and the PID. The kernel
/// releases the lock when the process dies, so a killed experiment is resumed at once.
/// The lock file stays in the folder; it is not a result and counts as no content.
///
/// Interruption: when output::interrupt_signal() is set (SIGINT/SIGTERM), no new run
/// starts, the runs in flight are abandoned, every run finished so far stays committed,
/// manifest.json gets status "interrupted", and output::Interrupted is rethrown; the
/// experiment continues with --resume.
ExperimentOutcome run_experiment(const ExperimentSetup& setup, const ExperimentOptions& options,
                                 MpiSession& mpi);

/// `nisim merge`: combines experiment folders (shards, or partial runs) of one experiment
/// into `out`, which is written as if the experiment had run there in one go (through an
/// output::RunFolder: `force` replaces only a folder nisim wrote). Throws
/// output::OutputError if the inputs are not folders of one experiment (different
/// fingerprints), if two inputs disagree about a run, if `out` is, is inside or contains
/// an input, or if an experiment is still running in an input (its lock is held).
ExperimentOutcome merge_experiments(const std::vector<std::filesystem::path>& inputs,
                                    const std::filesystem::path& out, bool force,
                                    const std::string& command_line);

/// The meta JSON of the experiment stored in DIR/results.sqlite (throws OutputError if
/// DIR is not an experiment folder).
nlohmann::json read_experiment_meta(const std::filesystem::path& dir);

}  // namespace nisim::experiment
