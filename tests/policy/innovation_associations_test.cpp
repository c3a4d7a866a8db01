#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kPairing = R"(
[[policy]]
instrument = "innovation_associations"
start = 2012
pairing = 0.3
regions = ["beijing", "yangtze"]
)";

TEST(InnovationAssociations, PairingRaisesDiscoveryConversion) {
  const Measure m{"gap1_conversion_rate", 2014, 2018};
  expect_increase(ensemble(kPairing, m, 2018), ensemble("", m, 2018),
                  "gap1_conversion_rate 2014-2018 with pairing 0.3 in Beijing and the Lower Yangtze");
}

TEST(InnovationAssociations, PairingRaisesEngineeringAchievements) {
  const Measure m{"engineering_achievements", 2014, 2018};
  expect_increase(ensemble(kPairing, m, 2018), ensemble("", m, 2018),
                  "engineering_achievements 2014-2018 with pairing 0.3 in Beijing and the Lower Yangtze");
}

TEST(InnovationAssociations, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "innovation_associations"
start = 2010
regions = ["yangtze"]
)";
  for (const char* ind : {"invent_score", "gap1_conversion_rate"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("innovation_associations at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
