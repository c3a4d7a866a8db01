#include <algorithm>

#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kLeaky = R"(
[[policy]]
instrument = "guidance_funds"
start = 2012
leakage_change = 0.5
)";

// Leaked money is counted in guidance_fund_wasted_cny_bn by the instrument's own rule, so
// the direction test reads what firms do with the rest: less money reaches firms' R&D
// budgets, and their R&D falls.
TEST(GuidanceFunds, HigherLeakageDoesNotRaiseFirmRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto leaky = ensemble(kLeaky, m, 2016);
  expect_decrease(leaky, ref, "gerd_enterprise_perf_cny_bn 2014-2016 with leakage 0.75 instead of 0.25");
}

// Share of firms' R&D budgets (the January allocation of the last simulated year) held by
// the firms that `pick` selects.
template <class Pick>
std::vector<double> firm_budget_share(const std::string& extra_toml, int until, Pick pick, int n = 8) {
  const std::string text = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n" + extra_toml;
  const auto sc = scenario::load_scenario_text(text, "guidance-test.toml", {});
  std::vector<double> out;
  engine::ThreadScope threads(2);
  for (int seed = 1; seed <= n; ++seed) {
    model::Simulation sim(sc, model::RunPlan{std::uint64_t(seed), 0.01, 2010, until});
    policy::attach_policies(sc, sim);
    sim.run();
    const auto& emp = sim.employers();
    std::vector<double> sales;
    for (std::size_t e = 0; e < emp.size(); ++e)
      if (model::is_firm(model::EmployerKind(emp.kind[e]))) sales.push_back(emp.sales[e]);
    std::nth_element(sales.begin(), sales.begin() + long(sales.size() / 2), sales.end());
    const double median = sales[sales.size() / 2];
    double picked = 0, all = 0;
    for (std::size_t e = 0; e < emp.size(); ++e) {
      if (!model::is_firm(model::EmployerKind(emp.kind[e]))) continue;
      all += emp.budget[e];
      if (pick(emp, e, median)) picked += emp.budget[e];
    }
    out.push_back(all > 0 ? picked / all : 0);
  }
  return out;
}

const char* kEarly = R"(
[[policy]]
instrument = "guidance_funds"
start = 2012
early_share_change = 1.0
)";

// Brief 003: funds "rarely invest early". Early-stage money is spread evenly over firms,
// so turning the preference to early stages moves money toward firms with small sales.
TEST(GuidanceFunds, EarlyStagePreferenceShiftsMoneyToSmallFirms) {
  auto small = [](const model::Employers& emp, std::size_t e, double median) { return emp.sales[e] < median; };
  const auto ref = firm_budget_share("", 2016, small);
  const auto early = firm_budget_share(kEarly, 2016, small);
  expect_increase(early, ref, "share of firm R&D budgets held by below-median-sales firms in 2016, all fund money early-stage");
}

TEST(GuidanceFunds, AtDefaultsChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "guidance_funds"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "guidance_funds at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
