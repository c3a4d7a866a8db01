#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(InventorOwnership, SpinOffsRaiseTheNumberOfRdPerformingFirms) {
  const Measure m{"rd_performing_firms", 2016, 2016};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "inventor_ownership"
start = 2012
spinoff_entry_mult = 1.5
)", m, 2016), ensemble("", m, 2016), "rd_performing_firms 2016 with 1.5x firm entry from 2012");
}

TEST(InventorOwnership, OwnershipRaisesConversionOfAcademicOutput) {
  const Measure m{"gap1_conversion_rate", 2014, 2016};
  expect_increase(ensemble(R"(
[[policy]]
instrument = "inventor_ownership"
start = 2012
transfer_incentive = 1.5
)", m, 2016), ensemble("", m, 2016), "gap1_conversion_rate 2014-2016 with 1.5x transfer incentive from 2012");
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
