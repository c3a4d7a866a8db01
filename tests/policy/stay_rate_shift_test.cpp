#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kLowerStay = R"(
[[shock]]
shock = "stay_rate_shift"
start = 2012
shift = -0.3
)";

TEST(StayRateShift, LowerStayRateRaisesReturneeShare) {
  const Measure m{"returnee_researcher_share_pct", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto back = ensemble(kLowerStay, m, 2016);
  expect_increase(back, ref, "returnee_researcher_share_pct 2015-2016, stay rate 30 points lower from 2012");
}

TEST(StayRateShift, AtZeroShiftChangesNothing) {
  const Measure m{"returnee_researcher_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "stay_rate_shift"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "stay_rate_shift at zero shift");
}

}  // namespace
}  // namespace nisim::test_support
