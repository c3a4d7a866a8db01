#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Half the firms the market would close each year are kept alive from 2012.
const char* kProtection = R"(
[[policy]]
instrument = "industrial_base_protection"
start = 2012
support = 0.5
)";

TEST(IndustrialBaseProtection, KeptFirmsLowerTfp) {
  // The instrument changes who exits, never productivity. The firms the exit hazard picks
  // are those whose knowledge stocks, and with them productivity, are declining; kept,
  // they go on declining inside the sales-weighted mean of productivity changes.
  const Measure m{"tfp_index", 2016, 2020};
  expect_decrease(ensemble(kProtection, m, 2020), ensemble("", m, 2020),
                  "tfp_index 2016-2020 with half of market exits prevented from 2012");
}

TEST(IndustrialBaseProtection, KeptFirmsRaiseTheManufacturingShareAtACost) {
  const Measure share{"manufacturing_share_pct", 2016, 2020};
  expect_increase(ensemble(kProtection, share, 2020), ensemble("", share, 2020),
                  "manufacturing_share_pct 2016-2020 with half of market exits prevented from 2012");
  const Measure cost{"protection_cost_pct_gdp", 2016, 2020};
  expect_increase(ensemble(kProtection, cost, 2020), ensemble("", cost, 2020),
                  "protection_cost_pct_gdp 2016-2020 with half of market exits prevented from 2012");
}

TEST(IndustrialBaseProtection, AtZeroSupportChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "industrial_base_protection"
start = 2010
)";
  for (const char* indicator : {"gerd_cny_bn", "manufacturing_share_pct", "tfp_index"}) {
    const Measure m{indicator, 2014, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("industrial_base_protection at its defaults: ") + indicator);
  }
}

}  // namespace
}  // namespace nisim::test_support
