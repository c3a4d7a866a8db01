#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(ExportControls, LowerTheCapabilityOfTheTargetArea) {
  const Measure m{"capability_ratio.electric_vehicles", 2016, 2018};
  const auto ref = ensemble("", m, 2018);
  const auto ctl = ensemble(R"(
[[shock]]
shock = "export_controls"
start = 2012
areas = ["electric_vehicles"]
access_cut = 0.8
)", m, 2018);
  expect_decrease(ctl, ref, "capability_ratio.electric_vehicles 2016-2018, 80% access cut from 2012");
}

TEST(ExportControls, RaiseDomesticRdEffort) {
  // No per-area R&D indicator exists: all areas targeted, enterprise-performed GERD.
  const Measure m{"gerd_enterprise_perf_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto ctl = ensemble(R"(
[[shock]]
shock = "export_controls"
start = 2012
access_cut = 0.8
)", m, 2016);
  expect_increase(ctl, ref, "gerd_enterprise_perf_cny_bn 2014-2016, 80% access cut in all areas from 2012");
}

TEST(ExportControls, ZeroCutChangesNothing) {
  const Measure m{"capability_mean", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "export_controls"
start = 2010
access_cut = 0
)", m, 2016, 3);
  expect_identical(same, ref, "export_controls with a zero cut");
}

}  // namespace
}  // namespace nisim::test_support
