#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01: these comparisons need 24 seeds for a paired t above 3.
constexpr int kSeeds = 48;

TEST(FdiShift, ForeignExitsLowerTheForeignShareOfGerd) {
  const Measure m{"foreign_rd_share_of_gerd_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto exits = ensemble(R"(
[[shock]]
shock = "fdi_shift"
start = 2012
foreign_exit_share = 0.15
)", m, 2016);
  expect_decrease(exits, ref, "foreign_rd_share_of_gerd_pct 2014-2016, 15% of foreign firms closing each year from 2012");
}

TEST(FdiShift, LessFdiLowersCapability) {
  const Measure m{"capability_mean", 2016, 2020};
  const auto ref = ensemble("", m, 2020, kSeeds);
  const auto less = ensemble(R"(
[[shock]]
shock = "fdi_shift"
start = 2012
fdi_level = 0.2
)", m, 2020, kSeeds);
  expect_decrease(less, ref, "capability_mean 2016-2020, FDI channel at 20% of the baseline from 2012");
}

TEST(FdiShift, AtDefaultsChangesNothing) {
  const Measure m{"foreign_rd_share_of_gerd_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "fdi_shift"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "fdi_shift at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
