#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01, more in a single area: these comparisons need 40 seeds for a
// paired t above 3.
constexpr int kSeeds = 96;

// Both arms state the channel's weight explicitly (the default, 0.1, the weight of the FDI
// channel), so the tests do not depend on a later change of that default.
const char* kWeight = R"(
[params]
access_illicit = 0.1
)";

TEST(IllicitAcquisition, UndetectedRaisesCapability) {
  const Measure m{"capability_mean", 2016, 2020};
  const auto ref = ensemble(kWeight, m, 2020, kSeeds);
  const auto steal = ensemble(std::string(kWeight) + R"(
[[policy]]
instrument = "illicit_acquisition"
start = 2012
intensity = 1
detection_rate = 0
)", m, 2020, kSeeds);
  expect_increase(steal, ref, "capability_mean 2016-2020, illicit intensity 1 never detected");
}

// Acquisition aimed at electric vehicles, never found out (the reference of the detection
// test and the treated arm of the undetected one).
const char* kUndetectedEvs = R"(
[[policy]]
instrument = "illicit_acquisition"
start = 2012
areas = ["electric_vehicles"]
intensity = 1
detection_rate = 0
)";

// Acquisition aimed at electric vehicles. Found out every year, the sanctions on the area's
// commercial channels (imports, licences, JV, FDI) cost about what the stolen knowledge
// brings; never found out, it raises the area's capability. (In areas that depend almost
// wholly on foreign supply, such as memory chips, the model's substitution push — firms
// raising R&D when cut off — can outweigh the lost access, so sanctions need not lower
// capability there.)
TEST(IllicitAcquisition, FrequentDetectionTakesAwayTheGain) {
  // Against the same acquisition undetected, detection every year and its sanctions take
  // the target area's gain away. (Against no acquisition at all the area ends about 0.7%
  // lower, which 96 seeds at scale 0.01 do not resolve: t = -1.4.)
  const Measure m{"capability_ratio.electric_vehicles", 2016, 2020};
  const auto undetected = ensemble(std::string(kWeight) + kUndetectedEvs, m, 2020, kSeeds);
  const auto caught = ensemble(std::string(kWeight) + R"(
[[policy]]
instrument = "illicit_acquisition"
start = 2012
areas = ["electric_vehicles"]
intensity = 1
detection_rate = 1
sanction_cut = 0.3
sanction_years = 3
)", m, 2020, kSeeds);
  expect_decrease(caught, undetected,
                  "capability_ratio.electric_vehicles 2016-2020, illicit intensity 1 aimed at EVs, detected every year "
                  "(sanctions 0.3) against never detected");
}

TEST(IllicitAcquisition, UndetectedRaisesTheTargetArea) {
  const Measure m{"capability_ratio.electric_vehicles", 2016, 2020};
  const auto ref = ensemble(kWeight, m, 2020, kSeeds);
  const auto steal = ensemble(std::string(kWeight) + kUndetectedEvs, m, 2020, kSeeds);
  expect_increase(steal, ref,
                  "capability_ratio.electric_vehicles 2016-2020, illicit intensity 1 aimed at EVs, never detected");
}

TEST(IllicitAcquisition, AtZeroIntensityChangesNothing) {
  const Measure m{"capability_mean", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "illicit_acquisition"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "illicit_acquisition at zero intensity");
}

}  // namespace
}  // namespace nisim::test_support
