#include "direction.hpp"

namespace nisim::test_support {
namespace {

// More stable money gives more teams a horizon long enough for a risky line (teams.cpp):
// more highly cited papers (a count; invent_score, a sum of Pareto values, is too noisy at
// scale 0.01), and slightly fewer papers.
TEST(ResearchFundingMix, StableFundingRaisesHighValueDiscoveriesOverTenYears) {
  const Measure m{"highly_cited_papers", 2016, 2025};
  const auto ref = ensemble("", m, 2025);
  const auto stable = ensemble(R"(
[[policy]]
instrument = "research_funding_mix"
start = 2012
project_share_change = -0.4
)", m, 2025);
  expect_increase(stable, ref, "highly_cited_papers 2016-2025 with 30% instead of 70% project funding");
}

TEST(ResearchFundingMix, MoreBasicMoneyRaisesTheBasicShare) {
  const Measure m{"basic_share_pct", 2018, 2020};
  const auto ref = ensemble("", m, 2020);
  const auto more = ensemble(R"(
[[policy]]
instrument = "research_funding_mix"
start = 2012
basic_share_change = 0.15
)", m, 2020);
  expect_increase(more, ref, "basic_share_pct 2018-2020 with +15 points of basic money");
}

TEST(ResearchFundingMix, AtBaselineSettingsChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "research_funding_mix"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "research_funding_mix at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
