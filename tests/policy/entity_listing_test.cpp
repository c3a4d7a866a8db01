#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kListing = R"(
[[shock]]
shock = "entity_listing"
start = 2015
areas = ["telecom_5g_equipment"]
share = 0.5
productivity_hit = 0.3
access_cut = 0.5
)";

TEST(EntityListing, LowersCapabilityInTheListedArea) {
  const Measure m{"capability_ratio.telecom_5g_equipment", 2017, 2019};
  const auto ref = ensemble("", m, 2019);
  const auto listed = ensemble(kListing, m, 2019);
  expect_decrease(listed, ref, "capability_ratio.telecom_5g_equipment 2017-2019, half the architects/SOEs listed in 2015");
}

TEST(EntityListing, RaisesSoeRdIntensity) {
  // Substitution: cut-off firms raise their desired R&D intensity.
  const Measure m{"soe_rd_intensity_pct", 2017, 2019};
  const auto ref = ensemble("", m, 2019);
  const auto listed = ensemble(R"(
[[shock]]
shock = "entity_listing"
start = 2015
actors = ["soe"]
share = 0.5
productivity_hit = 0.3
access_cut = 0.8
)", m, 2019);
  expect_increase(listed, ref, "soe_rd_intensity_pct 2017-2019, half the SOEs listed in 2015, access cut 0.8 everywhere");
}

TEST(EntityListing, AtZeroSizeChangesNothing) {
  const Measure m{"capability_mean", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "entity_listing"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "entity_listing at zero size");
}

}  // namespace
}  // namespace nisim::test_support
