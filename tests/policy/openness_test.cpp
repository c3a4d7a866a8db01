#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01: these comparisons need 24 seeds for a paired t above 3.
constexpr int kSeeds = 24;

TEST(Openness, MoreImportsJointVenturesAndFdiRaiseCapability) {
  const Measure m{"capability_mean", 2016, 2020};
  const auto ref = ensemble("", m, 2020);
  const auto open = ensemble(R"(
[[policy]]
instrument = "openness"
start = 2012
imports = 1.5
joint_ventures = 2
fdi = 2
)", m, 2020);
  expect_increase(open, ref, "capability_mean 2016-2020 with imports x1.5, JV and FDI x2 from 2012");
}

TEST(Openness, OpennessHelpsEmulationAreasMoreThanNovelOnes) {
  // Relative gain in an emulation area (commercial aircraft) against a novel one (biopharmaceuticals),
  // both at 0.3 of the frontier in 2010: emulation areas draw more of their catch-up from access.
  const std::string block = R"(
[[policy]]
instrument = "openness"
start = 2012
imports = 2
licences = 2
joint_ventures = 2
fdi = 2
)";
  const auto emu_ref = ensemble("", Measure{"capability_ratio.commercial_aircraft", 2018, 2018}, 2018, kSeeds);
  const auto emu = ensemble(block, Measure{"capability_ratio.commercial_aircraft", 2018, 2018}, 2018, kSeeds);
  const auto nov_ref = ensemble("", Measure{"capability_ratio.biopharmaceuticals", 2018, 2018}, 2018, kSeeds);
  const auto nov = ensemble(block, Measure{"capability_ratio.biopharmaceuticals", 2018, 2018}, 2018, kSeeds);
  std::vector<double> gain_emu, gain_nov;
  for (std::size_t i = 0; i < emu.size(); ++i) {
    gain_emu.push_back(emu[i] / emu_ref[i] - 1);
    gain_nov.push_back(nov[i] / nov_ref[i] - 1);
  }
  expect_increase(gain_emu, gain_nov, "relative capability gain 2018, commercial_aircraft (emulation) vs biopharmaceuticals (novel)");
}

// Downstream of the licence channel: more foreign knowledge reaches firms and institutes
// (the access flow into their stocks, docs/model.md 8.1-8.2), so capability rises. IP
// payments would follow the channel level by construction.
TEST(Openness, MoreLicensingRaisesCapability) {
  const Measure m{"capability_mean", 2016, 2020};
  const auto ref = ensemble("", m, 2020, 24);
  const auto lic = ensemble(R"(
[[policy]]
instrument = "openness"
start = 2012
licences = 1.5
)", m, 2020, 24);
  expect_increase(lic, ref, "capability_mean 2016-2020 with licensing x1.5 from 2012");
}

TEST(Openness, AtDefaultsChangesNothing) {
  const Measure m{"capability_mean", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "openness"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "openness at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
