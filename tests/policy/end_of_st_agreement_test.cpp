#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kEnd = R"(
[[shock]]
shock = "end_of_st_agreement"
start = 2015
collaboration_cut = 0.5
)";

TEST(EndOfStAgreement, LowersInternationalCoauthorship) {
  const Measure m{"intl_coauthored_share_pct", 2015, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto ended = ensemble(kEnd, m, 2016);
  expect_decrease(ended, ref, "intl_coauthored_share_pct 2015-2016, collaboration cut 0.5 from 2015");
}

TEST(EndOfStAgreement, LowersHighlyCitedOutputOverFiveYears) {
  // Less foreign knowledge within reach lowers capability, output rates and the value
  // scale of outputs, so fewer papers pass the world's top-10% threshold. The effect is
  // about 1% (144,853 -> 143,408 over 48 seeds, paired t = -3.5) and the paired
  // differences are noisy: 16 seeds gave t = -1.9 once the firm-entry draws changed, so
  // 48 (invent_score, a sum of Pareto-tailed values, is too noisy to show it at this scale).
  const Measure m{"highly_cited_papers", 2016, 2020};
  const auto ref = ensemble("", m, 2020, 48);
  const auto ended = ensemble(kEnd, m, 2020, 48);
  expect_decrease(ended, ref, "highly_cited_papers 2016-2020 (48 seeds), collaboration cut 0.5 from 2015");
}

TEST(EndOfStAgreement, AtZeroCutChangesNothing) {
  const Measure m{"intl_coauthored_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "end_of_st_agreement"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "end_of_st_agreement at zero cut");
}

}  // namespace
}  // namespace nisim::test_support
