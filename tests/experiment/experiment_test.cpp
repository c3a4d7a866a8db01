// Whole experiments in this process: the folder's files, ensemble statistics computed
// again by hand from indicators.csv, shards merged into the unsharded experiment, a
// failing run recorded while the others go on, and the folder checks.
#include <nisim/experiment/experiment.hpp>

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <nisim/engine/csv.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>

#include "../output/temp_dir.hpp"

namespace nisim::experiment {
namespace {

namespace fs = std::filesystem;
using test_support::read_file;
using test_support::TempDir;

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

ExperimentSetup ensemble_setup(int runs, int end_year = 2011) {
  ExperimentSetup s;
  s.base = scenario::load_scenario(kBaseline, {fmt::format("run.end_year={}", end_year)});
  s.plan = ensemble_plan(runs, s.base.run.seed);
  s.command_line = "test";
  return s;
}

ExperimentOptions quiet(const fs::path& out) {
  ExperimentOptions o;
  o.out = out;
  o.progress = output::ProgressMode::None;
  o.jobs = 2;
  o.threads = 1;
  return o;
}

const char* kFiles[] = {"summary.csv", "indicators.csv", "runs.csv", "scenario.resolved.toml"};

TEST(Experiment, EnsembleSummaryMatchesStatisticsComputedByHandFromEveryRun) {
  TempDir dir;
  const auto outcome = run_experiment(ensemble_setup(5), quiet(dir / "e"), MpiSession::get());
  EXPECT_EQ(outcome.planned, 5u);
  EXPECT_EQ(outcome.ok, 5u);
  EXPECT_EQ(outcome.failed, 0u);
  for (const char* f : {"summary.csv", "indicators.csv", "runs.csv", "manifest.json", "results.sqlite",
                        "scenario.resolved.toml"})
    EXPECT_TRUE(fs::exists(dir / "e" / f)) << f;

  // Group every run's value by (indicator, year) straight from the tidy rows.
  const auto rows = engine::CsvTable::parse(read_file(dir / "e" / "indicators.csv"), "indicators.csv");
  std::map<std::pair<std::string, int>, std::vector<double>> by;
  std::set<std::string> runs;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    by[{rows.at(r, "indicator"), static_cast<int>(rows.number(r, "year"))}].push_back(rows.number(r, "value"));
    runs.insert(rows.at(r, "run"));
  }
  EXPECT_EQ(runs.size(), 5u);
  const auto sum = engine::CsvTable::parse(read_file(dir / "e" / "summary.csv"), "summary.csv");
  ASSERT_EQ(sum.rows(), by.size());
  for (std::size_t r = 0; r < sum.rows(); ++r) {
    auto v = by.at({sum.at(r, "indicator"), static_cast<int>(sum.number(r, "year"))});
    ASSERT_EQ(v.size(), 5u);
    std::sort(v.begin(), v.end());
    const double mean = (v[0] + v[1] + v[2] + v[3] + v[4]) / 5;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double tol = 1e-12 * std::max(1.0, std::abs(mean));
    EXPECT_EQ(sum.number(r, "n"), 5);
    EXPECT_NEAR(sum.number(r, "mean"), mean, tol);
    EXPECT_NEAR(sum.number(r, "sd"), std::sqrt(ss / 4), tol + 1e-9 * std::sqrt(ss));
    // With 5 values, type-7 positions are 4p: 0.2, 1, 2, 3, 3.8.
    EXPECT_NEAR(sum.number(r, "q05"), v[0] + 0.2 * (v[1] - v[0]), tol);
    EXPECT_EQ(sum.number(r, "q25"), v[1]);
    EXPECT_EQ(sum.number(r, "q50"), v[2]);
    EXPECT_EQ(sum.number(r, "q75"), v[3]);
    EXPECT_NEAR(sum.number(r, "q95"), v[3] + 0.8 * (v[4] - v[3]), tol);
  }
  // Runs differ: the spread of GERD is not zero.
  EXPECT_GT(by.at({"gerd_cny_bn", 2011}).front(), 0);
  const auto g = by.at({"gerd_cny_bn", 2011});
  EXPECT_NE(*std::min_element(g.begin(), g.end()), *std::max_element(g.begin(), g.end()));
}

TEST(Experiment, ShardsMergedEqualTheUnshardedExperimentByteForByte) {
  TempDir dir;
  const auto setup = ensemble_setup(5);
  run_experiment(setup, quiet(dir / "whole"), MpiSession::get());
  for (int k = 1; k <= 3; ++k) {
    auto o = quiet(dir / fmt::format("shard{}", k));
    o.shard = {k, 3};
    const auto out = run_experiment(setup, o, MpiSession::get());
    EXPECT_EQ(out.planned, k == 3 ? 1u : 2u);  // runs 0,3 / 1,4 / 2
  }
  const auto merged = merge_experiments({dir / "shard1", dir / "shard2", dir / "shard3"}, dir / "merged", false, "t");
  EXPECT_EQ(merged.ok, 5u);
  EXPECT_EQ(merged.missing, 0u);
  for (const char* f : kFiles) EXPECT_EQ(read_file(dir / "merged" / f), read_file(dir / "whole" / f)) << f;

  // Two shards of three: the merge says what is missing and lists it.
  const auto partial = merge_experiments({dir / "shard1", dir / "shard3"}, dir / "partial", false, "t");
  EXPECT_EQ(partial.missing, 2u);
  EXPECT_NE(read_file(dir / "partial" / "runs.csv").find("0002,0,1,"), std::string::npos);
  EXPECT_NE(read_file(dir / "partial" / "runs.csv").find(",missing,"), std::string::npos);
}

TEST(Experiment, MergeRefusesFoldersOfDifferentExperiments) {
  TempDir dir;
  run_experiment(ensemble_setup(2), quiet(dir / "a"), MpiSession::get());
  auto other = ensemble_setup(2);
  other.plan.base_seed = 99;
  run_experiment(other, quiet(dir / "b"), MpiSession::get());
  EXPECT_THROW(merge_experiments({dir / "a", dir / "b"}, dir / "m", false, "t"), output::OutputError);
  EXPECT_FALSE(fs::exists(dir / "m"));
  EXPECT_THROW(merge_experiments({dir / "a"}, dir / "a" / "inside", false, "t"), output::OutputError);
}

TEST(Experiment, AFailingRunIsRecordedWithItsErrorAndTheOthersGoOn) {
  TempDir dir;
  ExperimentSetup s;
  s.base = scenario::load_scenario(kBaseline, {"run.end_year=2011"});
  Design d;
  d.kind = DesignKind::File;
  d.params = {{"basic_frac_university", 0.2, 0.6, false, false}};
  d.points = {{0.2}, {0.6}, {0.3}};  // 0.6 + applied_frac_university 0.55 > 1
  s.plan = sweep_plan(d, 2, 3);
  const auto out = run_experiment(s, quiet(dir / "s"), MpiSession::get());
  EXPECT_EQ(out.ok, 4u);
  EXPECT_EQ(out.failed, 2u);
  const auto runs = engine::CsvTable::parse(read_file(dir / "s" / "runs.csv"), "runs.csv");
  ASSERT_EQ(runs.rows(), 6u);
  for (std::size_t r = 0; r < 6; ++r) {
    const bool bad = runs.number(r, "point") == 1;
    EXPECT_EQ(runs.at(r, "status"), bad ? "failed" : "ok");
    if (bad) EXPECT_NE(runs.at(r, "error").find("basic_frac_university"), std::string::npos);
  }
  const auto manifest = nlohmann::json::parse(read_file(dir / "s" / "manifest.json"));
  EXPECT_EQ(manifest["status"], "failed-runs");
  EXPECT_EQ(manifest["counts"]["failed"], 2);
  EXPECT_EQ(manifest["runs"][2]["status"], "failed");
  EXPECT_NE(manifest["runs"][2]["error"].get<std::string>().find("basic_frac_university"), std::string::npos);
  // The sweep summary has the two good points and nothing for the failed one.
  const auto sum = engine::CsvTable::parse(read_file(dir / "s" / "summary.csv"), "summary.csv");
  std::set<int> points;
  for (std::size_t r = 0; r < sum.rows(); ++r) points.insert(static_cast<int>(sum.number(r, "point")));
  EXPECT_EQ(points, (std::set<int>{0, 2}));
}

TEST(Experiment, FolderChecks) {
  TempDir dir;
  const auto setup = ensemble_setup(2);
  run_experiment(setup, quiet(dir / "e"), MpiSession::get());
  // Not empty, neither --resume nor --force.
  EXPECT_THROW(run_experiment(setup, quiet(dir / "e"), MpiSession::get()), output::OutputError);
  // Resuming a finished experiment runs nothing and leaves the results as they were.
  const std::string before = read_file(dir / "e" / "indicators.csv");
  auto resume = quiet(dir / "e");
  resume.resume = true;
  const auto again = run_experiment(setup, resume, MpiSession::get());
  EXPECT_EQ(again.resumed, 2u);
  EXPECT_EQ(read_file(dir / "e" / "indicators.csv"), before);
  // Resuming with another seed is another experiment.
  auto other = setup;
  other.plan.base_seed = 1;
  try {
    run_experiment(other, resume, MpiSession::get());
    ADD_FAILURE() << "resumed a different experiment";
  } catch (const output::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("different experiment"), std::string::npos) << e.what();
  }
  // Another shard of the same experiment is refused too.
  auto shard = resume;
  shard.shard = {1, 2};
  EXPECT_THROW(run_experiment(setup, shard, MpiSession::get()), output::OutputError);
  // --force replaces it.
  auto force = quiet(dir / "e");
  force.force = true;
  EXPECT_EQ(run_experiment(setup, force, MpiSession::get()).ok, 2u);
  EXPECT_EQ(read_file(dir / "e" / "indicators.csv"), before);
  // A regular file is never replaced.
  test_support::write_file(dir / "file", "x");
  auto onto_file = quiet(dir / "file");
  onto_file.force = true;
  EXPECT_THROW(run_experiment(setup, onto_file, MpiSession::get()), output::OutputError);
}


// --- issue 9: an experiment folder never loses data -----------------------------------------

TEST(ExperimentFolder, ForceNeverReplacesAFolderNisimDidNotWrite) {
  TempDir dir;
  test_support::write_file(dir / "thesis" / "thesis.tex", "chapter 1");
  auto o = quiet(dir / "thesis");
  o.force = true;
  try {
    run_experiment(ensemble_setup(1), o, MpiSession::get());
    FAIL() << "replaced a foreign folder";
  } catch (const output::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("nisim did not write it"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(dir / "thesis" / "thesis.tex"), "chapter 1");
  // Nothing was created in it, not even a lock file.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "thesis"), fs::directory_iterator()), 1);
}

TEST(ExperimentFolder, ForceReplacesANisimFolderAndKeepsItsLockFile) {
  TempDir dir;
  test_support::write_file(dir / "e" / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "x"})");
  test_support::write_file(dir / "e" / "indicators.csv", "old");
  auto o = quiet(dir / "e");
  o.force = true;
  EXPECT_EQ(run_experiment(ensemble_setup(1), o, MpiSession::get()).ok, 1u);
  EXPECT_NE(read_file(dir / "e" / "indicators.csv"), "old");
  EXPECT_TRUE(fs::exists(dir / "e" / output::kLockFile));
}

TEST(ExperimentFolder, AFolderWithOnlyALockFileIsEmpty) {
  TempDir dir;
  test_support::write_file(dir / "e" / output::kLockFile, "");
  EXPECT_EQ(run_experiment(ensemble_setup(1), quiet(dir / "e"), MpiSession::get()).ok, 1u);
}

TEST(ExperimentFolder, AStoreKilledWhileItWasCreatedLeavesAFolderThatStartsAgain) {
  // A process killed between creating the temporary store and renaming it leaves only
  // the temporary (and the lock); --resume, or a new run, starts the experiment afresh.
  TempDir dir;
  test_support::write_file(dir / "e" / output::kLockFile, "");
  test_support::write_file(dir / "e" / "results.sqlite.tmp-12345", "partial");
  auto resume = quiet(dir / "e");
  resume.resume = true;
  EXPECT_EQ(run_experiment(ensemble_setup(1), resume, MpiSession::get()).ok, 1u);
  EXPECT_FALSE(fs::exists(dir / "e" / "results.sqlite.tmp-12345"));
  // A folder with a file of someone else's is still refused.
  test_support::write_file(dir / "f" / "results.sqlite.tmp-12345", "partial");
  test_support::write_file(dir / "f" / "notes.txt", "mine");
  resume.out = dir / "f";
  EXPECT_THROW(run_experiment(ensemble_setup(1), resume, MpiSession::get()), output::OutputError);
  EXPECT_TRUE(fs::exists(dir / "f" / "notes.txt"));
}

TEST(ExperimentFolder, ASecondProcessOnTheFolderIsRefusedWithThePid) {
  TempDir dir;
  const auto setup = ensemble_setup(2);
  run_experiment(setup, quiet(dir / "e"), MpiSession::get());
  const std::string before = read_file(dir / "e" / "manifest.json");
  // Another holder of the lock (another open file: flock conflicts within one process too).
  const auto other = output::FolderLock::acquire(dir / "e", "experiment folder");
  auto resume = quiet(dir / "e");
  resume.resume = true;
  try {
    run_experiment(setup, resume, MpiSession::get());
    FAIL() << "two writers on one folder";
  } catch (const output::OutputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find((dir / "e").string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("PID " + std::to_string(::getpid())), std::string::npos) << msg;
  }
  EXPECT_EQ(read_file(dir / "e" / "manifest.json"), before);  // untouched
}

TEST(ExperimentFolder, ResumeRemovesStaleTemporariesOnly) {
  TempDir dir;
  const auto setup = ensemble_setup(1);
  run_experiment(setup, quiet(dir / "e"), MpiSession::get());
  test_support::write_file(dir / "e" / "summary.csv.tmp-Xy12Ab34Cd56", "half");
  test_support::write_file(dir / "e" / "notes.txt", "mine");
  auto resume = quiet(dir / "e");
  resume.resume = true;
  run_experiment(setup, resume, MpiSession::get());
  EXPECT_FALSE(fs::exists(dir / "e" / "summary.csv.tmp-Xy12Ab34Cd56"));
  EXPECT_EQ(read_file(dir / "e" / "notes.txt"), "mine");
}

TEST(ExperimentFolder, AnOutFolderHoldingTheScenarioIsRefused) {
  TempDir dir;
  auto setup = ensemble_setup(1);
  test_support::write_file(dir / "e" / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "x"})");
  test_support::write_file(dir / "e" / "s.toml", read_file(kBaseline));
  setup.base.file = dir / "e" / "s.toml";
  auto o = quiet(dir / "e");
  o.force = true;
  EXPECT_THROW(run_experiment(setup, o, MpiSession::get()), output::OutputError);
  EXPECT_TRUE(fs::exists(dir / "e" / "s.toml"));
}

TEST(ExperimentFolder, MergeNeverWritesOverItsInputs) {
  TempDir dir;
  const auto setup = ensemble_setup(2);
  for (int k = 1; k <= 2; ++k) {
    auto o = quiet(dir / "parent" / fmt::format("sh{}", k));
    o.shard = {k, 2};
    run_experiment(setup, o, MpiSession::get());
  }
  const std::vector<fs::path> inputs = {dir / "parent" / "sh1", dir / "parent" / "sh2"};
  // The parent holds the inputs; with a manifest it would even look like nisim's.
  test_support::write_file(dir / "parent" / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "x"})");
  for (const fs::path& out : {dir / "parent", dir / "parent" / "sh1", dir / "parent" / "sh2" / "m"})
    EXPECT_THROW(merge_experiments(inputs, out, true, "test"), output::OutputError) << out;
  for (const auto& in : inputs) EXPECT_TRUE(fs::exists(in / "results.sqlite")) << in;
  // An input that an experiment is writing (its lock is held) is not merged.
  {
    const auto running = output::FolderLock::acquire(inputs[0], "experiment folder");
    EXPECT_THROW(merge_experiments(inputs, dir / "m", false, "test"), output::OutputError);
  }
  EXPECT_EQ(merge_experiments(inputs, dir / "m", false, "test").ok, 2u);
}

}  // namespace
}  // namespace nisim::experiment
