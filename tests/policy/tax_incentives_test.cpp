#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(TaxIncentives, LargerSuperDeductionRaisesFirmRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto more = ensemble(R"(
[[policy]]
instrument = "tax_incentives"
start = 2012
extra_deduction = 0.5
)", m, 2016);
  expect_increase(more, ref, "gerd_enterprise_perf_cny_bn 2014-2016 with the super-deduction 50 points higher from 2012");
}

TEST(TaxIncentives, MatchingFundsForPrivateFirmsRaiseFirmRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto matched = ensemble(R"(
[[policy]]
instrument = "tax_incentives"
start = 2012
matching_rate = 0.3
actors = ["private", "little_giant"]
)", m, 2016);
  expect_increase(matched, ref,
                  "gerd_enterprise_perf_cny_bn 2014-2016 with 0.3 yuan of matching funds per yuan of private R&D");
}

TEST(TaxIncentives, BasicResearchIncentiveRaisesTheBasicShare) {
  const Measure m{"basic_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto basic = ensemble(R"(
[[policy]]
instrument = "tax_incentives"
start = 2012
basic_research_mult = 10
)", m, 2016);
  expect_increase(basic, ref, "basic_share_pct 2014-2016 with firms' basic-research share multiplied by 10");
}

TEST(TaxIncentives, MatchingFundsForKnowledgeOrganisationsAreRejected) {
  const auto text = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n" + R"(
[[policy]]
instrument = "tax_incentives"
start = 2012
matching_rate = 0.3
actors = ["university"]
)";
  const auto sc = scenario::load_scenario_text(text, "tax.toml", {});
  model::Simulation sim(sc, model::RunPlan{1, 0.01, 2010, 2011});
  EXPECT_THROW(policy::attach_policies(sc, sim), scenario::ScenarioError);
}

TEST(TaxIncentives, AtDefaultsChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "tax_incentives"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "tax_incentives at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
