#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kProtection = R"(
[[policy]]
instrument = "industrial_base_protection"
start = 2015
share_kept = 0.02
)";

TEST(IndustrialBaseProtection, KeepsManufacturingShareUp) {
  const Measure m{"manufacturing_share_pct", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto kept = ensemble(kProtection, m, 2016);
  expect_increase(kept, ref, "manufacturing_share_pct 2015-2016 with 2 points of GDP kept from 2015");
}

TEST(IndustrialBaseProtection, HasACost) {
  const Measure m{"protection_cost_pct_gdp", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto kept = ensemble(kProtection, m, 2016);
  expect_increase(kept, ref, "protection_cost_pct_gdp 2015-2016 with 2 points of GDP kept from 2015");
}

TEST(IndustrialBaseProtection, AtZeroShareChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "industrial_base_protection"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "industrial_base_protection at its defaults");
  const Measure share{"manufacturing_share_pct", 2014, 2016};
  expect_identical(ensemble(R"(
[[policy]]
instrument = "industrial_base_protection"
start = 2010
)", share, 2016, 3), ensemble("", share, 2016, 3), "industrial_base_protection at its defaults (manufacturing share)");
}

}  // namespace
}  // namespace nisim::test_support
