// Issue 9 as a user meets it: --force never deletes what nisim did not write, an output
// never replaces an input or a non-regular file, and two processes never write one
// experiment folder (real processes, a real SIGKILL).
#include <signal.h>
#include <sys/stat.h>

#include <thread>

#include <fmt/format.h>

#include "experiment_fixture.hpp"

namespace nisim::test_support {
namespace {

using OutputSafetyCli = ExperimentCliTest;

std::vector<std::string> run_args(const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"run", kBaselineToml, "--until", "2011", "--out", out.string(), "--progress", "none"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::vector<std::string> ensemble_args(const fs::path& out, int runs, std::vector<std::string> extra = {},
                                       const std::string& until = "2011") {
  std::vector<std::string> a = {"ensemble", kBaselineToml, "--runs",     std::to_string(runs), "--until",
                                until,      "--out",       out.string(), "--progress",         "none"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

void expect_contains(const std::string& text, const std::vector<std::string>& parts, const std::string& context) {
  for (const auto& p : parts) EXPECT_NE(text.find(p), std::string::npos) << "missing '" << p << "'\n" << context;
}

TEST_F(OutputSafetyCli, RunForceNeverReplacesAFolderNisimDidNotWrite) {
  write_file(path("thesis") / "thesis.tex", "\\chapter{One}");
  const auto r = nisim(run_args(path("thesis"), {"--force"}));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {path("thesis").string(), "nisim did not write it", "choose another --out"}, r.describe());
  EXPECT_EQ(read_file(path("thesis") / "thesis.tex"), "\\chapter{One}");
  EXPECT_EQ(list_dir(path("thesis")), std::vector<std::string>{"thesis.tex"});
}

TEST_F(OutputSafetyCli, RunForceReplacesARunFolderButNeverItsParentThroughDotDot) {
  ASSERT_EQ(nisim(run_args(path("o"))).exit_code, 0);
  ASSERT_EQ(nisim(run_args(path("o"), {"--force", "--seed", "3"})).exit_code, 0);  // nisim's own: replaced
  EXPECT_NE(read_file(path("o") / "manifest.json").find("\"seed\": 3"), std::string::npos);
  fs::create_directories(path("o") / "x");
  const std::string before = read_file(path("o") / "indicators.csv");
  const auto r = nisim(run_args(path("o") / "x" / "..", {"--force"}));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {"invalid output folder", ".."}, r.describe());
  EXPECT_EQ(read_file(path("o") / "indicators.csv"), before);
  EXPECT_TRUE(fs::is_directory(path("o") / "x"));
}

TEST_F(OutputSafetyCli, RunForceRefusesAFolderHoldingItsScenario) {
  ASSERT_EQ(nisim(run_args(path("o"))).exit_code, 0);
  const auto scenario = path("o") / "scenario.resolved.toml";
  const auto r = nisim({"run", scenario.string(), "--until", "2011", "--out", path("o").string(), "--force",
                        "--progress", "none"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {"scenario file", scenario.string()}, r.describe());
  EXPECT_TRUE(fs::exists(scenario));
}

TEST_F(OutputSafetyCli, MergeForceNeverWritesOverItsInputs) {
  for (const char* k : {"1", "2"}) {
    const auto r = nisim(ensemble_args(path("parent") / (std::string("sh") + k), 3, {"--shard", std::string(k) + "/2"}));
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  const auto sh1 = path("parent") / "sh1", sh2 = path("parent") / "sh2";
  const std::string store = read_file(sh1 / "results.sqlite");
  for (const fs::path& out : {path("parent"), sh1, sh2 / "inner"}) {
    const auto r = nisim({"merge", sh1.string(), sh2.string(), "--out", out.string(), "--force"});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    expect_contains(r.err, {"--out", "input folder"}, r.describe());
  }
  EXPECT_EQ(read_file(sh1 / "results.sqlite"), store);
  EXPECT_TRUE(fs::exists(sh2 / "results.sqlite"));
  const auto ok = nisim({"merge", sh1.string(), sh2.string(), "--out", (path("parent") / "merged").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.describe();
}

TEST_F(OutputSafetyCli, CompareForceNeverReplacesTheFolderOfItsInputs) {
  ASSERT_EQ(nisim(run_args(path("runs") / "a", {"--seed", "1"})).exit_code, 0);
  ASSERT_EQ(nisim(run_args(path("runs") / "b", {"--seed", "2"})).exit_code, 0);
  write_file(path("runs") / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "x"})");
  const auto r = nisim({"compare", (path("runs") / "a").string(), (path("runs") / "b").string(), "--out",
                        path("runs").string(), "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {"--out", "run folder"}, r.describe());
  EXPECT_TRUE(fs::exists(path("runs") / "a" / "indicators.csv"));
}

TEST_F(OutputSafetyCli, SensitivityNeverOverwritesTheStoreAnExistingFileOrADevice) {
  ASSERT_EQ(nisim(ensemble_args(path("e"), 2)).exit_code, 0);
  const std::string store = read_file(path("e") / "results.sqlite");
  auto sens = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> a = {"sensitivity", path("e").string(), "--method", "sobol", "--indicator",
                                  "gerd_cny_bn", "--year",           "2011"};
    a.insert(a.end(), extra.begin(), extra.end());
    return nisim(a);
  };
  const auto onto_store = sens({"--out", (path("e") / "results.sqlite").string(), "--force"});
  EXPECT_EQ(onto_store.exit_code, 2) << onto_store.describe();
  expect_contains(onto_store.err, {"results.sqlite", "choose another --out"}, onto_store.describe());
  EXPECT_EQ(read_file(path("e") / "results.sqlite"), store);

  write_file(path("mine.csv"), "my numbers\n");
  const auto existing = sens({"--out", path("mine.csv").string()});
  EXPECT_EQ(existing.exit_code, 2) << existing.describe();
  expect_contains(existing.err, {path("mine.csv").string(), "--force"}, existing.describe());
  EXPECT_EQ(read_file(path("mine.csv")), "my numbers\n");

  const auto device = sens({"--out", "/dev/null", "--force"});
  EXPECT_EQ(device.exit_code, 2) << device.describe();
  expect_contains(device.err, {"/dev/null", "not a regular file"}, device.describe());
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null was replaced";
}

TEST_F(OutputSafetyCli, ASecondProcessOnAnExperimentIsRefusedAndAKilledOneLeavesNoStaleLock) {
  const int runs = 24;
  const auto args = ensemble_args(path("e"), runs, {"--jobs", "1", "--threads", "1"}, "2013");
  std::vector<std::string> argv{NISIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto first = start_process(argv, path("proc"));
  int done = 0;
  for (int i = 0; i < 6000 && done < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fs::exists(path("e") / "results.sqlite")) done = finished_runs(path("e") / "results.sqlite");
  }
  ASSERT_GE(done, 1);
  // A re-submitted job: same folder, --resume, while the first still runs.
  auto resume_args = args;
  resume_args.push_back("--resume");
  const auto second = nisim(resume_args);
  EXPECT_EQ(second.exit_code, 2) << second.describe();
  expect_contains(second.err, {path("e").string(), fmt::format("PID {}", first.pid), "in use"}, second.describe());

  ASSERT_EQ(::kill(first.pid, SIGKILL), 0);
  const auto killed = wait_process(first);
  ASSERT_EQ(killed.term_signal, SIGKILL) << killed.describe();
  ASSERT_LT(finished_runs(path("e") / "results.sqlite"), runs) << "finished before the kill; make it longer";
  // The kernel released the lock with the process: --resume proceeds at once.
  const auto resumed = nisim(resume_args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  const auto whole = nisim(ensemble_args(path("whole"), runs, {"--jobs", "2"}, "2013"));
  ASSERT_EQ(whole.exit_code, 0) << whole.describe();
  expect_same_results(path("e"), path("whole"));
}

}  // namespace
}  // namespace nisim::test_support
