#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(JointPublicationDecline, LowersInternationalCoauthorship) {
  const Measure m{"intl_coauthored_share_pct", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto fall = ensemble(R"(
[[shock]]
shock = "joint_publication_decline"
start = 2014
decline_per_year = 0.1
)", m, 2016);
  expect_decrease(fall, ref, "intl_coauthored_share_pct 2015-2016, co-authorship falling 10% a year from 2014");
}

TEST(JointPublicationDecline, AtZeroDeclineChangesNothing) {
  const Measure m{"intl_coauthored_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "joint_publication_decline"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "joint_publication_decline at zero decline");
}

}  // namespace
}  // namespace nisim::test_support
