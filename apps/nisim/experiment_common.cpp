#include "experiment_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nisim/experiment/store.hpp>
#include <nisim/output/progress.hpp>
#include <nisim/output/safe_fs.hpp>

namespace nisim::cli {

void add_experiment_flags(CLI::App* sub, ExperimentFlags& f) {
  sub->add_option("--out", f.out, "Experiment folder (must not exist or be empty, unless --resume or --force)")
      ->required();
  sub->add_option("--seed", f.seed, "Base seed; run seeds are derived from it (default [run].seed)");
  sub->add_option("--scale", f.scale, "Agents per real unit, 0 < S <= 2 (overrides [run].scale)");
  sub->add_option("--until", f.until, "Last simulated year (overrides [run].end_year)");
  sub->add_option("--set", f.sets, "Override a scenario key for every run (repeatable)")->allow_extra_args(false);
  sub->add_option("--jobs", f.jobs, "Runs at the same time in this process (0 = cores / processes on the host)")
      ->check(CLI::Range(0, 1 << 20));
  sub->add_option("--threads", f.threads, "Threads per run (0 = cores / jobs); results do not depend on it")
      ->check(CLI::Range(0, 1 << 20));
  sub->add_option("--shard", f.shard, "Run only shard k of K (runs with index mod K = k-1), e.g. 2/4");
  sub->add_flag("--resume", f.resume, "Continue the experiment in --out: run only the runs not yet finished");
  sub->add_flag("--force", f.force, "Replace a non-empty --out written by nisim (never another folder)");
  sub->add_option("--progress", f.progress, "Progress on stderr: auto|bar|json|none")
      ->check(CLI::IsMember({"auto", "bar", "json", "none"}));
}

scenario::Scenario load_base_scenario(const ExperimentFlags& f) {
  if (f.resume && f.force) throw UsageError("--resume and --force exclude each other");
  return load_with_run_flags(f.scenario, f.sets, f.seed, f.scale, f.until);
}

void print_outcome(const std::string& what, const experiment::ExperimentOutcome& o) {
  std::cout << fmt::format("{}: {} runs, {} ok, {} failed", what, o.planned, o.ok, o.failed);
  if (o.resumed) std::cout << fmt::format(" ({} found finished and not run again)", o.resumed);
  if (o.missing) std::cout << fmt::format(", {} missing", o.missing);
  std::cout << "\n";
  if (o.failed) {
    experiment::ExperimentStore store(o.dir / "results.sqlite", experiment::ExperimentStore::Mode::ReadOnly);
    int shown = 0;
    for (const auto& r : store.runs()) {
      if (r.status == "ok") continue;
      if (shown++ == 5) {
        std::cerr << "  ... (runs.csv and manifest.json list every failed run)\n";
        break;
      }
      std::cerr << fmt::format("run {} failed: {}\n", r.id, r.error);
    }
  }
  std::cout << "output: " << o.dir.string() << "\n";
}

namespace {

/// The arguments of this process, exactly (/proc/self/cmdline); the command line joined
/// by spaces if /proc is not there.
std::vector<std::string> own_arguments(const std::string& command_line) {
  std::vector<std::string> args;
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  for (std::string a; std::getline(in, a, '\0');) args.push_back(a);
  if (args.empty()) {
    std::istringstream words(command_line);
    for (std::string a; words >> a;) args.push_back(a);
  }
  return args;
}

/// `a` quoted for a POSIX shell when it needs it.
std::string shell_quote(const std::string& a) {
  const bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](unsigned char c) {
    return std::isalnum(c) || std::strchr("@%+=:,./_-", c) != nullptr;
  });
  if (plain) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

experiment::ExperimentOptions options_from(const ExperimentFlags& f, const experiment::MpiSession& mpi) {
  experiment::ExperimentOptions opt;
  opt.out = f.out;
  opt.resume = f.resume;
  opt.force = f.force;
  opt.jobs = capped_to_cores(f.jobs, "--jobs");
  opt.threads = capped_to_cores(f.threads, "--threads");
  opt.progress = mpi.rank() == 0 ? output::parse_progress_mode(f.progress) : output::ProgressMode::None;
  try {
    opt.shard = experiment::parse_shard(f.shard);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  return opt;
}

}  // namespace

std::string resume_command(const std::vector<std::string>& args) {
  std::string cmd;
  bool has_resume = false;
  for (const auto& a : args) {
    if (a == "--force") continue;  // --resume keeps what is there; --force would delete it
    has_resume = has_resume || a == "--resume";
    cmd += (cmd.empty() ? "" : " ") + shell_quote(a);
  }
  if (!has_resume) cmd += " --resume";
  return cmd;
}

namespace {

std::string resume_message(const ExperimentFlags& f, const std::string& command_line) {
  std::size_t stored = 0;
  try {
    experiment::ExperimentStore store(std::filesystem::path(f.out) / "results.sqlite",
                                      experiment::ExperimentStore::Mode::ReadOnly);
    stored = store.runs().size();
  } catch (const std::exception&) {
    // interrupted before the store existed: nothing stored
  }
  return fmt::format("interrupted: {} runs are stored in {}; to continue, run (from the same directory):\n  {}\n",
                     stored, f.out, resume_command(own_arguments(command_line)));
}

}  // namespace

int execute_experiment(const ExperimentFlags& f, const std::string& command_line,
                       const std::function<experiment::ExperimentSetup()>& build) {
  experiment::MpiSession* session = nullptr;
  try {
    session = &experiment::MpiSession::get();
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());  // launched by mpirun, built without MPI: how it was started
  }
  auto& mpi = *session;
  if (mpi.rank() > 0) {
    // A worker: same set-up as rank 0, then runs what rank 0 sends. A set-up error is
    // rank 0's to report (it fails the same way and tells the workers to stop).
    experiment::ExperimentOptions opt;
    experiment::ExperimentSetup setup;
    try {
      opt = options_from(f, mpi);
      setup = build();
    } catch (...) {
      mpi.wait_for_stop();
      return kExitBadInput;
    }
    setup.command_line = command_line;
    experiment::run_experiment(setup, opt, mpi);
    return kExitOk;
  }
  // Rank 0: whatever happens, no worker is left waiting.
  struct Release {
    experiment::MpiSession& m;
    ~Release() { m.release_workers(); }
  } release{mpi};
  const auto opt = options_from(f, mpi);
  auto setup = build();
  setup.command_line = command_line;
  // Ctrl-C / SIGTERM stop the experiment cleanly (see run_experiment). Under mpirun the
  // signal goes to every process and mpirun ends them; the experiment is then resumed
  // as after a kill.
  if (!mpi.distributed()) output::install_interrupt_handlers();
  experiment::ExperimentOutcome outcome;
  try {
    outcome = experiment::run_experiment(setup, opt, mpi);
  } catch (const output::Interrupted&) {
    std::cerr << resume_message(f, command_line);
    throw;
  }
  print_outcome(fmt::format("{} {}", setup.plan.verb, setup.base.name), outcome);
  return outcome.failed ? kExitRunsFailed : kExitOk;
}

}  // namespace nisim::cli
