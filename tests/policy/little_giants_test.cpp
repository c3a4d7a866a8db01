#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kLadder = R"(
[[policy]]
instrument = "little_giants"
start = 2012
promotion_share_per_year = 0.1
subsidy_rate = 0.3
areas = ["lithography_machines", "photoresist", "high_end_chips", "rf_devices", "core_industrial_software"]
)";

TEST(LittleGiants, LadderAndSubsidiesRaiseEnterpriseRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2016, 2020};
  expect_increase(ensemble(kLadder, m, 2020), ensemble("", m, 2020),
                  "gerd_enterprise_perf_cny_bn 2016-2020 with 10% promotions a year and 0.3 matching");
}

TEST(LittleGiants, LadderRaisesCapabilityInTargetAreas) {
  const Measure m{"capability_ratio.high_end_chips", 2018, 2020};
  expect_increase(ensemble(kLadder, m, 2020), ensemble("", m, 2020),
                  "capability_ratio.high_end_chips 2018-2020 with 10% promotions a year and 0.3 matching");
}

TEST(LittleGiants, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "little_giants"
start = 2010
areas = ["high_end_chips"]
)";
  for (const char* ind : {"invent_score", "gerd_enterprise_perf_cny_bn"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("little_giants at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
