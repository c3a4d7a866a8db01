#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01: these comparisons need 24 seeds for a paired t above 3.
constexpr int kSeeds = 48;

// Downstream of venture capital: part of it funds the R&D of private firms (docs/model.md
// 4.5), so their R&D falls; the shock sets only the amount of venture capital.
TEST(InvestmentRestrictions, LessVentureCapitalLowersEnterpriseRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto cut = ensemble(R"(
[[shock]]
shock = "investment_restrictions"
start = 2015
capital_cut = 0.5
)", m, 2016);
  expect_decrease(cut, ref, "gerd_enterprise_perf_cny_bn 2015-2016, half the venture capital cut from 2015");
}

TEST(InvestmentRestrictions, LowerCapabilityThroughFdi) {
  const Measure m{"capability_mean", 2016, 2020};
  const auto ref = ensemble("", m, 2020, kSeeds);
  const auto cut = ensemble(R"(
[[shock]]
shock = "investment_restrictions"
start = 2012
capital_cut = 0.5
fdi_cut = 0.8
)", m, 2020, kSeeds);
  expect_decrease(cut, ref, "capability_mean 2016-2020, FDI channel cut 0.8 and venture capital 0.5 from 2012");
}

TEST(InvestmentRestrictions, AtZeroCutsChangeNothing) {
  const Measure m{"venture_capital_invested_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "investment_restrictions"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "investment_restrictions at zero cuts");
}

}  // namespace
}  // namespace nisim::test_support
