#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(UnveilingTheList, RewardsRaiseCapabilityInTargetAreas) {
  const char* block = R"(
[[policy]]
instrument = "unveiling_the_list"
start = 2012
reward = 1.5
areas = ["high_end_chips", "lithography_machines"]
)";
  // Downstream of the uptake incentive: the crossings add to the takers' stocks, so the
  // area's capability rises (the reward multiplies the uptake hazard, never capability).
  const Measure c{"capability_ratio.high_end_chips", 2014, 2016};
  expect_increase(ensemble(block, c, 2016), ensemble("", c, 2016),
                  "capability_ratio.high_end_chips 2014-2016 with 1.5x challenge rewards");
}

// Downstream of the incentive: more discoveries are taken up by applied teams, whose
// stocks and hence capability rise.
TEST(UnveilingTheList, KnowledgeOrganisationRewardsRaiseCapability) {
  const Measure m{"capability_mean", 2014, 2018};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "unveiling_the_list"
start = 2012
knowledge_reward = 1.5
)", m, 2018, 24), ensemble("", m, 2018, 24), "capability_mean 2014-2018 with 1.5x rewards for knowledge organisations");
}

TEST(UnveilingTheList, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "unveiling_the_list"
start = 2010
areas = ["high_end_chips"]
)";
  for (const char* ind : {"invent_score", "gap1_conversion_rate"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("unveiling_the_list at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
