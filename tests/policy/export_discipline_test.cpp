#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01: these comparisons need 24 seeds for a paired t above 3.
constexpr int kSeeds = 24;

const char* kExportDiscipline = R"(
[[policy]]
instrument = "export_discipline"
start = 2012
support_rate = 0.5
)";

TEST(ExportDiscipline, SupportForTheMostProductiveRaisesFirmRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto tied = ensemble(kExportDiscipline, m, 2016);
  expect_increase(tied, ref, "gerd_enterprise_perf_cny_bn 2014-2016 with export-tied support of 0.5 per yuan of R&D");
}

TEST(ExportDiscipline, SupportForTheMostProductiveRaisesTfp) {
  const Measure m{"tfp_index", 2014, 2016};
  const auto ref = ensemble("", m, 2016, kSeeds);
  const auto tied = ensemble(kExportDiscipline, m, 2016, kSeeds);
  expect_increase(tied, ref, "tfp_index 2014-2016 with export-tied support of 0.5 per yuan of R&D");
}

TEST(ExportDiscipline, AtZeroSupportChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "export_discipline"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "export_discipline at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
