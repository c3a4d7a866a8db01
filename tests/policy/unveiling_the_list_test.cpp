#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(UnveilingTheList, RewardsRaiseConversionInTargetAreas) {
  const char* block = R"(
[[policy]]
instrument = "unveiling_the_list"
start = 2012
reward = 1.5
areas = ["high_end_chips", "lithography_machines"]
)";
  const Measure g1{"gap1_conversion.high_end_chips", 2014, 2016};
  expect_increase(ensemble(block, g1, 2016), ensemble("", g1, 2016),
                  "gap1_conversion.high_end_chips 2014-2016 with 1.5x challenge rewards");
  const Measure g2{"gap2_conversion.high_end_chips", 2014, 2016};
  expect_increase(ensemble(block, g2, 2016), ensemble("", g2, 2016),
                  "gap2_conversion.high_end_chips 2014-2016 with 1.5x challenge rewards");
}

TEST(UnveilingTheList, KnowledgeOrganisationRewardsRaiseDiscoveryConversion) {
  const Measure m{"gap1_conversion_rate", 2014, 2016};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "unveiling_the_list"
start = 2012
knowledge_reward = 1.5
)", m, 2016), ensemble("", m, 2016), "gap1_conversion_rate 2014-2016 with 1.5x rewards for knowledge organisations");
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
