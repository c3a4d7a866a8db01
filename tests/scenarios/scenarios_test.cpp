// Every scenario shipped in scenarios/ runs with the real binary: one test case per file,
// found by listing the folder, so a new scenario is tested as soon as it is added.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <charconv>
#include <set>
#include <string>
#include <vector>

#include <nisim/engine/csv.hpp>
#include <nisim/scenario/scenario.hpp>

#include "../apps/run_process.hpp"

namespace nisim {
namespace {

namespace fs = std::filesystem;
using test_support::ProcessResult;
using test_support::read_file;
using test_support::TempDir;

fs::path scenarios_dir() { return fs::path(NISIM_SOURCE_DIR) / "scenarios"; }

// Every *.toml directly in scenarios/, sorted by name.
std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scenarios_dir(), ec))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// A test name from a file name: "baseline.toml" -> "baseline", "no-ttp.toml" -> "no_ttp".
std::string test_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "s_" + name;
  return name;
}

TEST(ScenarioFiles, FolderHoldsAtLeastTheBaseline) {
  const auto files = scenario_files();
  EXPECT_NE(std::find(files.begin(), files.end(), scenarios_dir() / "baseline.toml"), files.end())
      << "no scenarios/baseline.toml under " << scenarios_dir();
}

class ScenarioFileTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioFileTest, RunsToTheEndWithFiniteIndicators) {
  const fs::path file = GetParam();
  // The years the run must cover, as the scenario (with its extends chain) sets them.
  const scenario::Scenario sc = scenario::load_scenario(file);

  TempDir tmp("nisim_scenario_run");
  const fs::path out = tmp / "out";
  const ProcessResult r = test_support::run_nisim(
      {"run", file.string(), "--scale", "0.01", "--seed", "12345", "--out", out.string(), "--progress", "none"},
      tmp / "proc");
  ASSERT_EQ(r.exit_code, 0) << r.describe();

  const fs::path csv_path = out / "indicators.csv";
  ASSERT_TRUE(fs::is_regular_file(csv_path)) << r.describe();
  const auto csv = engine::CsvTable::parse(read_file(csv_path), csv_path.string());
  ASSERT_GT(csv.rows(), 0u);

  std::set<int> years;
  int non_finite = 0;
  for (std::size_t i = 0; i < csv.rows(); ++i) {
    years.insert(static_cast<int>(csv.number(i, "year")));
    const std::string& cell = csv.at(i, "value");
    // The whole cell must be a number; "nan" and "inf" parse, so check finiteness too.
    double v = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
    const bool ok = ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(v);
    if (!ok && ++non_finite <= 10)
      ADD_FAILURE() << "non-finite value '" << cell << "' for " << csv.at(i, "indicator") << " in "
                    << csv.at(i, "year") << " (line " << csv.line_of(i) << ")";
  }
  EXPECT_EQ(non_finite, 0);

  std::set<int> expected;
  for (int y = sc.run.start_year; y <= sc.run.end_year; ++y) expected.insert(y);
  EXPECT_EQ(years, expected) << "expected the years " << sc.run.start_year << ".." << sc.run.end_year;
}

// The experiment verbs on every shipped scenario: an ensemble, a Morris sweep over a
// parameter every scenario has, and its sensitivity analysis. The horizon ends in 2026 so
// that the blocks starting in 2024-2025 are in force.
TEST_P(ScenarioFileTest, EnsembleSweepAndSensitivityWork) {
  const fs::path file = GetParam();
  TempDir tmp("nisim_scenario_experiment");
  const auto common = std::vector<std::string>{"--until", "2026", "--scale", "0.01", "--progress", "none"};
  auto args = [&](std::vector<std::string> a) {
    a.insert(a.end(), common.begin(), common.end());
    return a;
  };
  const ProcessResult e = test_support::run_nisim(
      args({"ensemble", file.string(), "--runs", "2", "--out", (tmp / "ens").string()}), tmp / "proc");
  ASSERT_EQ(e.exit_code, 0) << e.describe();
  const auto summary = engine::CsvTable::parse(read_file(tmp / "ens" / "summary.csv"), "summary.csv");
  ASSERT_GT(summary.rows(), 0u);
  for (std::size_t i = 0; i < summary.rows(); ++i) ASSERT_EQ(summary.number(i, "n"), 2) << summary.line_of(i);

  const ProcessResult s = test_support::run_nisim(
      args({"sweep", file.string(), "--design", "morris", "--samples", "2", "--param",
            "project_cycle_years=2:8", "--out", (tmp / "sweep").string()}),
      tmp / "proc");
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  const ProcessResult a = test_support::run_nisim({"sensitivity", (tmp / "sweep").string(), "--method", "morris",
                                                   "--indicator", "papers", "--year", "2026"},
                                                  tmp / "proc");
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  const auto t = engine::CsvTable::parse(read_file(tmp / "sweep" / "sensitivity-morris-papers-2026.csv"), "t");
  ASSERT_EQ(t.rows(), 1u);
  EXPECT_TRUE(std::isfinite(t.number(0, "mu_star")));
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScenarioFileTest);
INSTANTIATE_TEST_SUITE_P(Shipped, ScenarioFileTest, ::testing::ValuesIn(scenario_files()), test_name);

}  // namespace
}  // namespace nisim
