// Ctrl-C and SIGTERM as a user (or a batch system) sends them to the real binary: a run
// stops and leaves nothing behind; an experiment keeps what it committed and prints the
// command that continues it, which ends identical to an uninterrupted experiment.
#include <signal.h>

#include <thread>

#include <fmt/format.h>

#include "experiment_fixture.hpp"

namespace nisim::test_support {
namespace {

using SignalCli = ExperimentCliTest;

/// Entries of `dir` whose name contains ".tmp-".
std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> t;
  for (const auto& n : list_dir(dir))
    if (n.find(".tmp-") != std::string::npos) t.push_back(n);
  return t;
}

/// Starts `nisim run` into DIR/run (long enough to be stopped: scale 0.05 to 2035 takes
/// seconds), waits until its staging folder exists (the run has started and its
/// handlers are installed), lets it simulate a moment and sends `sig`.
ProcessResult interrupted_run(const fs::path& dir, int sig) {
  const auto child = start_process({NISIM_BIN, "run", kBaselineToml, "--scale", "0.05", "--out", (dir / "run").string(),
                                    "--progress", "none"},
                                   dir / "proc");
  for (int i = 0; i < 4000 && temporaries(dir).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(child.pid, sig);
  return wait_process(child, std::chrono::seconds(120));
}

TEST_F(SignalCli, SigintStopsARunAndLeavesNothingBeside) {
  fs::create_directories(path("out"));
  const auto r = interrupted_run(path("out"), SIGINT);
  ASSERT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.describe();
  EXPECT_FALSE(fs::exists(path("out") / "run"));
  EXPECT_EQ(temporaries(path("out")), std::vector<std::string>{}) << r.describe();
  EXPECT_EQ(r.out.find("output:"), std::string::npos) << r.describe();
}

TEST_F(SignalCli, SigtermStopsARunWithExit143) {
  fs::create_directories(path("out"));
  const auto r = interrupted_run(path("out"), SIGTERM);
  ASSERT_EQ(r.exit_code, 143) << r.describe();
  EXPECT_FALSE(fs::exists(path("out") / "run"));
  EXPECT_EQ(temporaries(path("out")), std::vector<std::string>{}) << r.describe();
}

TEST_F(SignalCli, SigintStopsAnEnsembleAndThePrintedCommandFinishesIt) {
  const int runs = 40;
  // --force (on a folder that does not exist yet) must not survive into the resume command.
  const std::vector<std::string> argv = {NISIM_BIN, "ensemble", kBaselineToml, "--runs", std::to_string(runs),
                                         "--until", "2013", "--jobs", "2", "--threads", "1",
                                         "--out", path("e").string(), "--progress", "none", "--force"};
  const auto child = start_process(argv, path("proc"));
  int done = 0;
  for (int i = 0; i < 6000 && done < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fs::exists(path("e") / "results.sqlite")) done = finished_runs(path("e") / "results.sqlite");
  }
  ASSERT_EQ(::kill(child.pid, SIGINT), 0);
  const auto r = wait_process(child, std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 130) << r.describe();
  const int stored = finished_runs(path("e") / "results.sqlite");
  ASSERT_GE(stored, 3) << r.describe();
  ASSERT_LT(stored, runs) << "the experiment finished before the signal; make it longer";
  EXPECT_EQ(json(path("e") / "manifest.json")["status"], "interrupted");
  EXPECT_FALSE(fs::exists(path("e") / "summary.csv"));
  EXPECT_EQ(temporaries(path("e")), std::vector<std::string>{});

  // The message says how many runs are kept and gives the command on its own line.
  EXPECT_NE(r.err.find(fmt::format("interrupted: {} runs are stored in", stored)), std::string::npos) << r.describe();
  const std::string marker = "to continue, run (from the same directory):\n  ";
  const auto at = r.err.find(marker);
  ASSERT_NE(at, std::string::npos) << r.describe();
  const std::string command = r.err.substr(at + marker.size(), r.err.find('\n', at + marker.size()) - at - marker.size());
  EXPECT_NE(command.find("--resume"), std::string::npos) << command;
  EXPECT_EQ(command.find("--force"), std::string::npos) << command;

  const auto resumed = run_process({"/bin/sh", "-c", command}, path("proc"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.out.find(fmt::format("({} found finished and not run again)", stored)), std::string::npos)
      << resumed.describe();
  const auto whole = nisim({"ensemble", kBaselineToml, "--runs", std::to_string(runs), "--until", "2013", "--out",
                            path("whole").string(), "--progress", "none"});
  ASSERT_EQ(whole.exit_code, 0) << whole.describe();
  expect_same_results(path("e"), path("whole"));
  EXPECT_EQ(json(path("e") / "manifest.json")["status"], "complete");
}

}  // namespace
}  // namespace nisim::test_support
