// Settings at the ends of the documented ranges run with finite, bounded results (issue:
// values inside the ranges exhausted memory or ended in NaN). The whole parameter box is
// walked by the fuzzer (tests/fuzz, mode params); these are the cases that broke.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <nisim/engine/distributions.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/policy/preflight.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::model {
namespace {

std::vector<output::IndicatorRow> run(const std::vector<std::string>& sets, int until) {
  const auto sc = scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml", sets);
  policy::preflight(sc);
  Simulation sim(sc, RunPlan{sc.run.seed, 0.01, 2010, until});
  policy::attach_policies(sc, sim);
  sim.run();
  return sim.indicators();
}

double value(const std::vector<output::IndicatorRow>& rows, int year, const std::string& name) {
  for (const auto& r : rows)
    if (r.year == year && r.indicator == name) return r.value;
  ADD_FAILURE() << "no indicator " << name << " in " << year;
  return NAN;
}

void expect_all_finite(const std::vector<output::IndicatorRow>& rows) {
  for (const auto& r : rows) ASSERT_TRUE(std::isfinite(r.value)) << r.indicator << " in " << r.year;
}

TEST(ParameterBounds, AUserCostJustAboveZeroKeepsFirmBudgetsBounded) {
  // 1 - 0.4 * (1 + 1.49) = 0.004: the demand rule alone would ask for 140 times the R&D.
  const auto rows = run({"cit_rate=0.4", "super_deduction_2021=1.49"}, 2022);
  expect_all_finite(rows);
  // Firm R&D cannot exceed firms' sales, so GERD stays below GDP.
  EXPECT_LT(value(rows, 2022, "gerd_cny_bn"), value(rows, 2022, "gdp_cny_bn"));
  EXPECT_GT(value(rows, 2022, "gerd_cny_bn"), 1.5 * value(rows, 2020, "gerd_cny_bn"));  // but it does respond
}

TEST(ParameterBounds, EntryAtTheTopOfItsRangeStopsAtThePoolOfEnterprises) {
  const auto rows = run({"firm_entry_rate=1", "enterprises_total=2000000"}, 2022);
  expect_all_finite(rows);
  // 2 million enterprises at scale 1: the count reaches the pool and never passes it.
  double peak = 0;
  for (const auto& r : rows)
    if (r.indicator == "rd_performing_firms") peak = std::max(peak, r.value);
  EXPECT_LE(peak, 2e6);
  EXPECT_GT(peak, 1.5e6);
}

TEST(ParameterBounds, AllForeignAccessWeightsAtZeroGiveFiniteIndicators) {
  const auto rows = run({"access_imports=0", "access_licences=0", "access_joint_ventures=0", "access_fdi=0",
                         "access_collaboration=0", "access_returnees=0"},
                        2013);
  expect_all_finite(rows);
}

TEST(ParameterBounds, TheLargestProductivityShocksRun) {
  expect_all_finite(run({"productivity_shock_sigma=0.3"}, 2035));
}

TEST(PoissonLarge, InversionAboveSevenHundredIsTheQuantile) {
  // Continuous across the switch from the CDF search to the quantile.
  EXPECT_NEAR(double(engine::dist::poisson_from_u(0.5, 700.0)), double(engine::dist::poisson_from_u(0.5, 700.001)), 1);
  // The median of a Poisson is within lambda - ln 2 and lambda + 1/3.
  const auto m = engine::dist::poisson_from_u(0.5, 1e6);
  EXPECT_GE(double(m), 1e6 - 1);
  EXPECT_LE(double(m), 1e6 + 1);
  // Monotone in u, and the 97.5% point is about lambda + 1.96 sqrt(lambda).
  EXPECT_LE(engine::dist::poisson_from_u(0.2, 5000), engine::dist::poisson_from_u(0.3, 5000));
  EXPECT_NEAR(double(engine::dist::poisson_from_u(0.975, 1e4)), 1e4 + 196, 3);
}

}  // namespace
}  // namespace nisim::model
