#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Downstream of entry: the new firms hire R&D staff, so enterprise R&D personnel and
// spending rise; the instrument sets only the entry rate.
TEST(InventorOwnership, SpinOffsRaiseEnterpriseRd) {
  const Measure m{"gerd_enterprise_perf_cny_bn", 2016, 2016};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "inventor_ownership"
start = 2012
spinoff_entry_mult = 1.5
)", m, 2016), ensemble("", m, 2016), "gerd_enterprise_perf_cny_bn 2016 with 1.5x firm entry from 2012");
}

// Downstream of the transfer incentive: academic discoveries taken up add to the takers'
// stocks, so capability rises.
TEST(InventorOwnership, OwnershipRaisesCapability) {
  const Measure m{"capability_mean", 2014, 2018};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "inventor_ownership"
start = 2012
transfer_incentive = 1.5
)", m, 2018, 24), ensemble("", m, 2018, 24), "capability_mean 2014-2018 with 1.5x transfer incentive from 2012");
}

TEST(InventorOwnership, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "inventor_ownership"
start = 2010
)";
  for (const char* ind : {"invent_score", "rd_performing_firms"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("inventor_ownership at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
