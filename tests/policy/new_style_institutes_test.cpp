#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01: these comparisons need 24 seeds for a paired t above 3.
constexpr int kSeeds = 24;

const char* kRebrand = R"(
[[policy]]
instrument = "new_style_institutes"
start = 2012
conversion_share_per_year = 0.15
)";

TEST(NewStyleInstitutes, RebrandingRaisesConversion) {
  const Measure m{"gap2_conversion_rate", 2016, 2018};
  expect_increase(ensemble(kRebrand, m, 2018), ensemble("", m, 2018),
                  "gap2_conversion_rate 2016-2018 with 15% of institutes rebranded a year from 2012");
}

TEST(NewStyleInstitutes, RebrandingRaisesEngineeringAchievements) {
  const Measure m{"engineering_achievements", 2016, 2020};
  expect_increase(ensemble(kRebrand, m, 2020, kSeeds), ensemble("", m, 2020, kSeeds),
                  "engineering_achievements 2016-2020 with 15% of institutes rebranded a year from 2012");
}

TEST(NewStyleInstitutes, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "new_style_institutes"
start = 2010
)";
  for (const char* ind : {"invent_score", "gap2_conversion_rate"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("new_style_institutes at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
