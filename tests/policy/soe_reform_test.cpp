#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Brief 000: TRDA SOEs spend 13.3-17.7% of revenue on R&D against 2.5-3% for central SOEs.
const char* kSoeReform = R"(
[[policy]]
instrument = "soe_reform"
start = 2012
rd_indicator_boost = 1.0
)";

// Downstream of the SOEs' R&D budgets: they hire applied and development staff whose
// engineering achievements and product improvements are patented (docs/model.md 7.3). The
// instrument sets only the SOEs' desired intensity.
TEST(SoeReform, RdIndicatorRaisesPatents) {
  const Measure m{"invention_patent_grants_domestic", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto reform = ensemble(kSoeReform, m, 2016);
  expect_increase(reform, ref, "invention_patent_grants_domestic 2014-2016 with SOE desired R&D intensity doubled from 2012");
}

TEST(SoeReform, RdIndicatorRaisesGerd) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto reform = ensemble(kSoeReform, m, 2016);
  expect_increase(reform, ref, "gerd_cny_bn 2014-2016 with SOE desired R&D intensity doubled from 2012");
}

TEST(SoeReform, AtZeroBoostChangesNothing) {
  const Measure m{"gerd_cny_bn", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "soe_reform"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "soe_reform at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
