#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kParks = R"(
[[policy]]
instrument = "clusters_and_zones"
start = 2012
proximity = 0.3
regions = ["yangtze", "guangdong"]
)";

TEST(ClustersAndZones, ProximityRaisesConversionAcrossBothGaps) {
  const Measure g1{"gap1_conversion_rate", 2014, 2016};
  expect_increase(ensemble(kParks, g1, 2016), ensemble("", g1, 2016),
                  "gap1_conversion_rate 2014-2016 with proximity 0.3 in the Lower Yangtze and Guangdong");
  const Measure g2{"gap2_conversion_rate", 2014, 2016};
  expect_increase(ensemble(kParks, g2, 2016), ensemble("", g2, 2016),
                  "gap2_conversion_rate 2014-2016 with proximity 0.3 in the Lower Yangtze and Guangdong");
}

TEST(ClustersAndZones, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "clusters_and_zones"
start = 2010
regions = ["yangtze"]
)";
  for (const char* ind : {"invent_score", "gap1_conversion_rate"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("clusters_and_zones at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
