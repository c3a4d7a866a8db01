// `nisim ensemble` and `nisim merge` as a user runs them: the real binary, a real SQLite
// store, a real SIGKILL, a real `mpirun -n 2`.
#include <signal.h>

#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "experiment_fixture.hpp"

namespace nisim::test_support {
namespace {

// Short horizons keep each run near 0.05 s at scale 0.01; the mechanics do not depend on it.
std::vector<std::string> ensemble_args(const std::string& out, int runs, const std::string& until = "2012") {
  return {"ensemble", kBaselineToml, "--runs", std::to_string(runs), "--until", until, "--out", out, "--progress", "none"};
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

using EnsembleCli = ExperimentCliTest;

TEST_F(EnsembleCli, WritesTheExperimentFolderAndSaysWhatItDid) {
  const auto r = nisim(ensemble_args(path("e").string(), 4));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("4 runs, 4 ok, 0 failed"), std::string::npos) << r.out;
  for (const char* f : {"summary.csv", "indicators.csv", "runs.csv", "manifest.json", "results.sqlite",
                        "scenario.resolved.toml"})
    EXPECT_TRUE(fs::exists(path("e") / f)) << f;
  const auto m = json(path("e") / "manifest.json");
  EXPECT_EQ(m["status"], "complete");
  EXPECT_EQ(m["counts"]["ok"], 4);
  ASSERT_EQ(m["runs"].size(), 4u);
  std::set<std::uint64_t> seeds;
  for (const auto& run : m["runs"]) {
    EXPECT_EQ(run["status"], "ok");
    seeds.insert(run["seed"].get<std::uint64_t>());
  }
  EXPECT_EQ(seeds.size(), 4u);
  const auto s = csv(path("e") / "summary.csv");
  EXPECT_EQ(s.header(), (std::vector<std::string>{"indicator", "year", "n", "mean", "sd", "q05", "q25", "q50", "q75",
                                                  "q95"}));
  // Another base seed, other runs.
  const auto r2 = nisim(plus(ensemble_args(path("e2").string(), 4), {"--seed", "7"}));
  ASSERT_EQ(r2.exit_code, 0) << r2.describe();
  EXPECT_NE(read_file(path("e2") / "summary.csv"), read_file(path("e") / "summary.csv"));
}

TEST_F(EnsembleCli, JobsAndThreadsDoNotChangeTheResults) {
  ASSERT_EQ(nisim(plus(ensemble_args(path("a").string(), 4), {"--jobs", "1", "--threads", "1"})).exit_code, 0);
  ASSERT_EQ(nisim(plus(ensemble_args(path("b").string(), 4), {"--jobs", "2", "--threads", "2"})).exit_code, 0);
  expect_same_results(path("a"), path("b"));
}

TEST_F(EnsembleCli, ResumeAfterSigkillRunsOnlyWhatIsMissingAndEndsIdentical) {
  const int runs = 24;
  auto args = plus(ensemble_args(path("killed").string(), runs, "2013"), {"--jobs", "1", "--threads", "1"});
  std::vector<std::string> argv{NISIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto child = start_process(argv, path("proc"));
  // Kill it once a few runs are committed and before the end.
  int done = 0;
  for (int i = 0; i < 6000 && done < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fs::exists(path("killed") / "results.sqlite")) done = finished_runs(path("killed") / "results.sqlite");
  }
  ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
  const auto killed = wait_process(child);
  ASSERT_EQ(killed.term_signal, SIGKILL) << killed.describe();
  const int before = finished_runs(path("killed") / "results.sqlite");
  ASSERT_GE(before, 3);
  ASSERT_LT(before, runs) << "the experiment finished before it was killed; make it longer";
  EXPECT_EQ(json(path("killed") / "manifest.json")["status"], "running");
  EXPECT_FALSE(fs::exists(path("killed") / "summary.csv"));

  // Without --resume the folder is refused; with it, only the missing runs are run.
  const auto refused = nisim(args);
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find("--resume"), std::string::npos) << refused.err;
  const auto resumed = nisim(plus(args, {"--resume"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.out.find(fmt::format("({} found finished and not run again)", before)), std::string::npos)
      << resumed.out;
  EXPECT_EQ(finished_runs(path("killed") / "results.sqlite"), runs);

  const auto whole = nisim(plus(ensemble_args(path("whole").string(), runs, "2013"), {"--jobs", "2"}));
  ASSERT_EQ(whole.exit_code, 0) << whole.describe();
  expect_same_results(path("killed"), path("whole"));
  EXPECT_EQ(json(path("killed") / "manifest.json")["status"], "complete");
}

TEST_F(EnsembleCli, ShardsMergedByTheCliEqualTheUnshardedRun) {
  ASSERT_EQ(nisim(ensemble_args(path("whole").string(), 5)).exit_code, 0);
  for (const char* k : {"1/2", "2/2"}) {
    const auto r = nisim(plus(ensemble_args(path(std::string("s") + k[0]).string(), 5), {"--shard", k}));
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  EXPECT_EQ(csv(path("s1") / "runs.csv").rows(), 3u);  // runs 1, 3, 5
  EXPECT_EQ(csv(path("s2") / "runs.csv").rows(), 2u);
  const auto m = nisim({"merge", path("s1").string(), path("s2").string(), "--out", path("merged").string()});
  ASSERT_EQ(m.exit_code, 0) << m.describe();
  expect_same_results(path("merged"), path("whole"));
  // Only one shard: exit 3 and the missing runs are listed.
  const auto part = nisim({"merge", path("s2").string(), "--out", path("part").string()});
  EXPECT_EQ(part.exit_code, 3) << part.describe();
  EXPECT_NE(part.err.find("3 of 5 runs are in none of the inputs"), std::string::npos) << part.err;
}

TEST_F(EnsembleCli, MpirunWithTwoProcessesEqualsTheSerialRun) {
  const auto argv = mpirun_argv(ensemble_args(path("mpi").string(), 6));
  if (argv.empty()) GTEST_SKIP() << "built without MPI";
  ASSERT_EQ(nisim(plus(ensemble_args(path("serial").string(), 6), {"--jobs", "1"})).exit_code, 0);
  const auto r = run_process(argv, path("proc"), std::chrono::seconds(180));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_same_results(path("mpi"), path("serial"));
  const auto m = json(path("mpi") / "manifest.json");
  EXPECT_EQ(m["processes"], 2);
  // Rank 0 alone printed the outcome.
  EXPECT_EQ(r.out.find("6 runs, 6 ok"), r.out.rfind("6 runs, 6 ok")) << r.out;
}

TEST_F(EnsembleCli, BadInputIsRefusedBeforeAnythingIsWritten) {
  struct Case {
    std::vector<std::string> extra;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--shard", "3/2"}, "--shard"},
      {{"--scale", "5"}, "--scale"},
      {{"--set", "params.no_such_parameter=1"}, "no_such_parameter"},
      {{"--resume", "--force"}, "exclude each other"},
  };
  for (const auto& c : cases) {
    const auto r = nisim(plus(ensemble_args(path("bad").string(), 2), c.extra));
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.describe();
    EXPECT_FALSE(fs::exists(path("bad"))) << r.describe();
  }
  const auto zero = nisim(ensemble_args(path("bad").string(), 0));
  EXPECT_EQ(zero.exit_code, 2) << zero.describe();
  // A folder of another experiment is not resumed.
  ASSERT_EQ(nisim(ensemble_args(path("e").string(), 2)).exit_code, 0);
  const auto other = nisim(plus(ensemble_args(path("e").string(), 3), {"--resume"}));
  EXPECT_EQ(other.exit_code, 2) << other.describe();
  EXPECT_NE(other.err.find("different experiment"), std::string::npos) << other.err;
  // Merging folders of different experiments.
  ASSERT_EQ(nisim(ensemble_args(path("f").string(), 3)).exit_code, 0);
  const auto mixed = nisim({"merge", path("e").string(), path("f").string(), "--out", path("m").string()});
  EXPECT_EQ(mixed.exit_code, 2) << mixed.describe();
  EXPECT_FALSE(fs::exists(path("m")));
}

TEST_F(EnsembleCli, ProgressIsJsonEventsWhenNotOnATerminal) {
  const auto r = nisim({"ensemble", kBaselineToml, "--runs", "2", "--until", "2011", "--out", path("p").string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::istringstream lines(r.err);
  int progress = 0, done = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["event"] == "progress") ++progress;
    if (j["event"] == "done") {
      ++done;
      EXPECT_EQ(j["status"], "ok");
    }
  }
  EXPECT_GE(progress, 2);
  EXPECT_EQ(done, 1);
}

}  // namespace
}  // namespace nisim::test_support
