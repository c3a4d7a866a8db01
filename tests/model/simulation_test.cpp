// Whole-model tests: determinism across thread counts, the accounting checks, and the
// first fit to history (issue: baseline plausible at scale 0.01).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>

#include <nisim/engine/csv.hpp>
#include <nisim/engine/invariants.hpp>
#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

#include <fstream>
#include <sstream>

namespace nisim::model {
namespace {

scenario::Scenario baseline() {
  return scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml");
}

std::vector<output::IndicatorRow> run_with_threads(int threads, int until, std::uint64_t seed) {
  engine::ThreadScope scope(threads);
  const auto sc = baseline();
  Simulation sim(sc, RunPlan{seed, 0.01, 2010, until});
  sim.run();
  return sim.indicators();
}

double value(const std::vector<output::IndicatorRow>& rows, int year, const std::string& name) {
  for (const auto& r : rows)
    if (r.year == year && r.indicator == name) return r.value;
  ADD_FAILURE() << "no indicator " << name << " in " << year;
  return NAN;
}

TEST(Simulation, SameSeedSameResultsWhateverTheThreadCount) {
  const auto one = run_with_threads(1, 2013, 42);
  const auto two = run_with_threads(2, 2013, 42);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    ASSERT_EQ(one[i].indicator, two[i].indicator);
    ASSERT_EQ(one[i].year, two[i].year);
    // Bit-identical, not merely close.
    ASSERT_EQ(std::memcmp(&one[i].value, &two[i].value, sizeof(double)), 0)
        << one[i].indicator << " " << one[i].year << ": " << one[i].value << " vs " << two[i].value;
  }
}

TEST(Simulation, DifferentSeedsGiveDifferentRuns) {
  const auto a = run_with_threads(2, 2011, 1);
  const auto b = run_with_threads(2, 2011, 2);
  EXPECT_NE(value(a, 2011, "papers"), value(b, 2011, "papers"));
}

TEST(Simulation, IndicatorsAreFiniteAndCoverEveryYear) {
  const auto rows = run_with_threads(2, 2015, 3);
  std::map<int, int> per_year;
  for (const auto& r : rows) {
    EXPECT_TRUE(std::isfinite(r.value)) << r.indicator << " " << r.year;
    per_year[r.year]++;
  }
  ASSERT_EQ(per_year.size(), 6u);
  for (auto [y, n] : per_year) EXPECT_EQ(n, per_year.begin()->second) << y;
}

class BrokenState : public ::testing::Test {
 protected:
  void SetUp() override {
    sim = std::make_unique<Simulation>(baseline(), RunPlan{5, 0.01, 2010, 2012});
    for (int i = 0; i < 3; ++i) sim->step();  // January-March 2010 run clean
  }
  std::unique_ptr<Simulation> sim;
};

TEST_F(BrokenState, MoneyAppearingFromNowhereIsCaught) {
  sim->employers_for_testing().funds[0] += 1.0;  // one bn CNY not allocated by anyone
  try {
    sim->step();
    FAIL() << "the money check did not fire";
  } catch (const engine::InvariantError& e) {
    EXPECT_EQ(e.variable(), "ledger.money");
    EXPECT_EQ(e.tick(), 3);
    EXPECT_NE(std::string(e.what()).find("2010-04"), std::string::npos) << e.what();
  }
}

TEST_F(BrokenState, ResearcherLostWithoutAnOutflowIsCaught) {
  auto& r = sim->researchers_for_testing();
  // Keep the employer's books consistent so that only the people ledger can notice.
  sim->employers_for_testing().headcount[r.emp[0]]--;
  sim->employers_for_testing().stage_count[r.emp[0]][r.stage[0]]--;
  engine::erase_positions(r.ids, {0}, r.employer, r.emp, r.area, r.stage, r.career, r.region, r.abroad,
                          r.returnee, r.q, r.years, r.cls, r.rate);
  try {
    sim->step();
    FAIL() << "the people check did not fire";
  } catch (const engine::InvariantError& e) {
    EXPECT_EQ(e.variable(), "ledger.people");
  }
}

TEST_F(BrokenState, NotANumberIsCaughtAndNamed) {
  sim->employers_for_testing().funds[1] = std::nan("");
  try {
    sim->step();
    FAIL() << "the NaN check did not fire";
  } catch (const engine::InvariantError& e) {
    EXPECT_NE(std::string(e.what()).find("tick 3"), std::string::npos) << e.what();
  }
}

// History from ../shared/data/china_calibration.csv.
std::map<std::string, std::map<int, double>> history() {
  std::ifstream in(std::string(NISIM_SHARED_DATA_DIR) + "/china_calibration.csv");
  EXPECT_TRUE(in) << "cannot open " << NISIM_SHARED_DATA_DIR << "/china_calibration.csv";
  std::stringstream ss;
  ss << in.rdbuf();
  auto t = engine::CsvTable::parse(ss.str(), "china_calibration.csv");
  std::map<std::string, std::map<int, double>> h;
  for (std::size_t r = 0; r < t.rows(); ++r)
    h[t.at(r, "indicator")][int(t.number(r, "year"))] = t.number(r, "value");
  return h;
}

TEST(FirstFit, BaselineTracksHistory2010To2023AtScale001) {
  const auto sc = baseline();
  engine::ThreadScope scope(2);
  Simulation sim(sc, RunPlan{sc.run.seed, 0.01, 2010, 2023});
  policy::attach_policies(sc, sim);  // the baseline as users run it, with its historical blocks
  sim.run();
  const auto& rows = sim.indicators();
  const auto h = history();
  for (const char* name : {"gerd_cny_bn", "rd_intensity_pct", "rd_personnel_fte_10k"}) {
    ASSERT_EQ(h.at(name).size(), 14u) << name;
    for (auto [year, observed] : h.at(name)) {
      const double m = value(rows, year, name);
      EXPECT_NEAR(m / observed, 1.0, 0.25) << name << " " << year << ": model " << m << ", history " << observed;
    }
  }
  for (auto [year, observed] : h.at("basic_share_pct")) {
    const double m = value(rows, year, "basic_share_pct");
    EXPECT_NEAR(m, observed, 2.0) << "basic_share_pct " << year;
  }
}

}  // namespace
}  // namespace nisim::model
