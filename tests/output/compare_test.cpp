#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <boost/math/distributions/students_t.hpp>
#include <nlohmann/json.hpp>

#include <nisim/experiment/outputs.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/experiment/store.hpp>
#include <nisim/output/compare.hpp>
#include <nisim/output/compare_experiments.hpp>

namespace nisim::output {
namespace {

namespace fs = std::filesystem;

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("nisim_compare_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path folder(const std::string& name, const std::string& version, const std::string& csv) {
    const fs::path d = root / name;
    fs::create_directories(d);
    std::ofstream(d / "manifest.json") << R"({"nisim_version":")" << version
                                       << R"(","scenario":{"name":")" << name << R"("},"seed":1})";
    std::ofstream(d / "indicators.csv") << "run,scenario,seed,year,indicator,value\n" << csv;
    return d;
  }
  /// An experiment folder: manifest.json with its verb, and a store whose run i has the
  /// plan's seed and the value values[i] of indicator "gerd" in 2010 (NaN: a failed run).
  fs::path experiment(const std::string& name, const experiment::ExperimentPlan& plan,
                      const std::vector<double>& values, const std::string& version = "0.1.0") {
    const fs::path d = root / name;
    fs::create_directories(d);
    std::ofstream(d / "manifest.json") << nlohmann::json{{"nisim_version", version}, {"verb", plan.verb}}.dump();
    experiment::ExperimentStore s(d / "results.sqlite", experiment::ExperimentStore::Mode::Create);
    s.set_meta({{"format", experiment::kMetaFormat},
                {"nisim_version", version},
                {"fingerprint", name},
                {"plan", plan.to_json()},
                {"scenario", {{"name", name}, {"file", name + ".toml"}, {"sha256", "0"}, {"resolved_toml", ""}}},
                {"shard", {{"k", 1}, {"count", 1}}}});
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto spec = plan.run(i);
      experiment::RunRecord r;
      r.index = i;
      r.id = plan.run_id(i);
      r.point = spec.point;
      r.replication = spec.replication;
      r.seed = spec.seed;
      r.scenario = name;
      r.status = std::isnan(values[i]) ? "failed" : "ok";
      std::vector<IndicatorRow> rows;
      if (!std::isnan(values[i])) rows = {{2010, "gerd", values[i]}, {2011, "gerd", 2 * values[i]}};
      s.commit(r, rows);
    }
    s.checkpoint();
    return d;
  }
  fs::path root;
};

std::string invalid_argument_of(const std::vector<fs::path>& dirs) {
  try {
    compare_experiments(dirs);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected std::invalid_argument";
  return "";
}

TEST_F(CompareTest, DifferencesAreOtherMinusReferenceOnSharedYears) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n1,a,1,2011,gerd,110\n1,a,1,2010,zero,0\n");
  auto b = folder("b", "0.1.0", "1,b,1,2010,gerd,120\n1,b,1,2012,gerd,130\n1,b,1,2010,zero,0\n");
  const auto rows = compare_folders({read_run_folder(a), read_run_folder(b)});
  ASSERT_EQ(rows.size(), 2u);  // gerd 2010 and zero 2010; 2011 and 2012 are not shared
  const auto& g = rows[0].indicator == "gerd" ? rows[0] : rows[1];
  EXPECT_EQ(g.year, 2010);
  EXPECT_DOUBLE_EQ(g.difference, 20);
  EXPECT_DOUBLE_EQ(g.relative, 0.2);
  const auto& z = rows[0].indicator == "zero" ? rows[0] : rows[1];
  EXPECT_DOUBLE_EQ(z.relative, 0);
  const std::string summary = summarise_differences(rows);
  EXPECT_NE(summary.find("gerd"), std::string::npos) << summary;
  EXPECT_NE(summary.find("20.0%"), std::string::npos) << summary;
}

TEST_F(CompareTest, DifferentVersionsAreRefused) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n");
  auto b = folder("b", "0.2.0", "1,b,1,2010,gerd,100\n");
  try {
    compare_folders({read_run_folder(a), read_run_folder(b)});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0.2.0"), std::string::npos) << e.what();
  }
}

TEST_F(CompareTest, MissingFilesAreNamed) {
  fs::create_directories(root / "empty");
  try {
    read_run_folder(root / "empty");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_run_folder(root / "nope"), std::invalid_argument);
}

TEST_F(CompareTest, CsvHasATidyHeader) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n");
  auto b = folder("b", "0.1.0", "1,b,1,2010,gerd,50\n");
  write_differences_csv(root / "d.csv", compare_folders({read_run_folder(a), read_run_folder(b)}));
  std::ifstream in(root / "d.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header, "indicator,year,reference,other,reference_value,other_value,difference,relative_difference");
  EXPECT_EQ(row, "gerd,2010,a (seed 1),b (seed 1),100,50,-50,-0.5");
}

TEST_F(CompareTest, ANanValueInIndicatorsCsvIsRefusedNamingFileAndLine) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n1,a,1,2011,gerd,nan\n");
  try {
    read_run_folder(a);
    FAIL() << "a NaN value was read as a number";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find((a / "indicators.csv").string() + ":3: value 'nan' is not a finite number"),
              std::string::npos)
        << e.what();
  }
  auto b = folder("b", "0.1.0", "1,b,1,2010,gerd,inf\n");
  EXPECT_THROW(read_run_folder(b), std::invalid_argument);
}

TEST_F(CompareTest, ADuplicateRowIsRefusedNamingBothLines) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n1,a,1,2011,gerd,110\n1,a,1,2010,gerd,120\n");
  try {
    read_run_folder(a);
    FAIL() << "the duplicate row was read";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("indicators.csv:4: duplicate row: indicator gerd, year 2010 is already on "
                                         "line 2"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(CompareTest, RowsOfSeveralRunsAndFractionalYearsAreRefused) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n2,a,1,2011,gerd,110\n");
  EXPECT_THROW(read_run_folder(a), std::invalid_argument);
  auto b = folder("b", "0.1.0", "1,a,1,2010.5,gerd,100\n");
  EXPECT_THROW(read_run_folder(b), std::invalid_argument);
}

TEST_F(CompareTest, FolderKindComesFromTheManifestVerb) {
  auto r = folder("r", "0.1.0", "1,a,1,2010,gerd,100\n");
  EXPECT_EQ(folder_kind(r), FolderKind::Run);
  auto e = experiment("e", experiment::ensemble_plan(2, 5), {1, 2});
  EXPECT_EQ(folder_kind(e), FolderKind::Experiment);
  std::ofstream(root / "r" / "manifest.json") << R"({"verb":"compare"})";
  EXPECT_THROW(folder_kind(r), std::invalid_argument);
  std::ofstream(root / "r" / "manifest.json") << "{oops";
  EXPECT_THROW(folder_kind(r), std::invalid_argument);
}

TEST_F(CompareTest, ExperimentsArePairedBySeedWithAStudentTInterval) {
  const auto plan = experiment::ensemble_plan(3, 5);
  auto a = experiment("a", plan, {1, 2, 3});
  auto b = experiment("b", plan, {2, 4, 7});
  const auto c = compare_experiments({a, b});
  ASSERT_EQ(c.rows.size(), 2u);  // gerd 2010 and 2011
  const auto& r = c.rows[0];
  EXPECT_EQ(r.indicator, "gerd");
  EXPECT_EQ(r.year, 2010);
  EXPECT_EQ(r.n, 3u);
  EXPECT_DOUBLE_EQ(r.reference_mean, 2.0);
  EXPECT_DOUBLE_EQ(r.other_mean, 13.0 / 3);
  // Differences 1, 2, 4: mean 7/3, sd sqrt(7/3), se sqrt(7/9); t(0.975, 2) = 4.302652729911275.
  EXPECT_DOUBLE_EQ(r.difference, 7.0 / 3);
  EXPECT_NEAR(r.se, std::sqrt(7.0 / 9), 1e-12);
  EXPECT_NEAR(r.ci_low, 7.0 / 3 - 4.302652729911275 * std::sqrt(7.0 / 9), 1e-9);
  EXPECT_NEAR(r.ci_high, 7.0 / 3 + 4.302652729911275 * std::sqrt(7.0 / 9), 1e-9);
  EXPECT_DOUBLE_EQ(r.relative, 7.0 / 6);
  EXPECT_DOUBLE_EQ(c.rows[1].difference, 14.0 / 3);
  ASSERT_EQ(c.pairing.size(), 1u);
  EXPECT_EQ(c.pairing[0].pairs, 3u);

  write_paired_csv(root / "d.csv", c.rows);
  std::ifstream in(root / "d.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header,
            "indicator,year,reference,other,n,reference_mean,other_mean,difference,se,ci95_low,ci95_high,"
            "relative_difference");
  EXPECT_EQ(row.rfind("gerd,2010,\"a (ensemble of 3 runs, seed 5)\",\"b (ensemble of 3 runs, seed 5)\",3,2,", 0), 0u)
      << row;
  const std::string summary = summarise_paired(c);
  EXPECT_NE(summary.find("3 paired runs"), std::string::npos) << summary;
  EXPECT_NE(summary.find("116.7%"), std::string::npos) << summary;
}

TEST_F(CompareTest, IdenticalExperimentsDifferByZeroWithAZeroInterval) {
  const auto plan = experiment::ensemble_plan(4, 9);
  auto a = experiment("a", plan, {1.5, 2.5, 3.5, 8});
  auto b = experiment("b", plan, {1.5, 2.5, 3.5, 8});
  for (const auto& r : compare_experiments({a, b}).rows) {
    EXPECT_EQ(r.difference, 0);
    EXPECT_EQ(r.se, 0);
    EXPECT_EQ(r.ci_low, 0);
    EXPECT_EQ(r.ci_high, 0);
    EXPECT_EQ(r.n, 4u);
  }
}

TEST_F(CompareTest, RunsWithoutAPartnerAreLeftOutAndCounted) {
  // The other ensemble has one more replication, and its second run failed: pairs are
  // replications 1 and 3 (the first 3 share their seeds).
  auto a = experiment("a", experiment::ensemble_plan(3, 5), {1, 2, 3});
  auto b = experiment("b", experiment::ensemble_plan(4, 5), {11, std::nan(""), 13, 14});
  const auto c = compare_experiments({a, b});
  ASSERT_EQ(c.pairing.size(), 1u);
  EXPECT_EQ(c.pairing[0].pairs, 2u);
  EXPECT_EQ(c.pairing[0].reference_unpaired, 1u);
  EXPECT_EQ(c.pairing[0].other_unpaired, 1u);
  EXPECT_EQ(c.rows[0].n, 2u);
  EXPECT_DOUBLE_EQ(c.rows[0].reference_mean, 2.0);  // runs 1 and 3 only
  EXPECT_DOUBLE_EQ(c.rows[0].difference, 10.0);
}

TEST_F(CompareTest, ExperimentsWhoseSeedsDoNotPairAreRefused) {
  auto a = experiment("a", experiment::ensemble_plan(3, 5), {1, 2, 3});
  auto b = experiment("b", experiment::ensemble_plan(3, 6), {1, 2, 3});
  const auto msg = invalid_argument_of({a, b});
  EXPECT_NE(msg.find("no run seed in common"), std::string::npos) << msg;
  EXPECT_NE(msg.find("same --seed"), std::string::npos) << msg;
  auto one = experiment("one", experiment::ensemble_plan(1, 5), {1});
  EXPECT_NE(invalid_argument_of({a, one}).find("needs at least 2"), std::string::npos);
}

TEST_F(CompareTest, ASweepOfSeveralPointsIsRefusedPointingToEnsembles) {
  experiment::Design d;
  d.kind = experiment::DesignKind::File;
  d.params = {{"p", 0, 1, false, false}};
  d.points = {{0.0}, {1.0}};
  d.group = {0, 1};
  d.role = {"", ""};
  auto sweep = experiment("s", experiment::sweep_plan(d, 2, 5), {1, 2, 3, 4});
  auto a = experiment("a", experiment::ensemble_plan(2, 5), {1, 2});
  const auto msg = invalid_argument_of({a, sweep});
  EXPECT_NE(msg.find("is a sweep of 2 design points"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nisim ensemble"), std::string::npos) << msg;
  // A sweep of one point is replications of one scenario, seeded like an ensemble.
  d.points = {{0.5}};
  d.group = {0};
  d.role = {""};
  auto one = experiment("one", experiment::sweep_plan(d, 2, 5), {3, 5});
  EXPECT_DOUBLE_EQ(compare_experiments({a, one}).rows[0].difference, 2.5);
}

TEST_F(CompareTest, ExperimentsOfDifferentVersionsAreRefused) {
  auto a = experiment("a", experiment::ensemble_plan(2, 5), {1, 2});
  auto b = experiment("b", experiment::ensemble_plan(2, 5), {1, 2}, "0.2.0");
  EXPECT_NE(invalid_argument_of({a, b}).find("0.2.0"), std::string::npos);
}

}  // namespace
}  // namespace nisim::output
