#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kRecruits = R"(
[[policy]]
instrument = "talent_programme"
start = 2012
recruits_per_year = 5000
)";

// Recruits are researchers who arrive with full foreign ties (docs/model.md 6.5): the
// share of papers with a co-author abroad rises through their ties, not through anything
// the instrument writes (it only adds people to the hiring pool).
TEST(TalentProgramme, RecruitsRaiseInternationalCoauthorshipThroughTheirTies) {
  const Measure m{"intl_coauthored_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto more = ensemble(kRecruits, m, 2016);
  expect_increase(more, ref, "intl_coauthored_share_pct 2014-2016 with 5,000 extra recruits a year from 2012");
}

TEST(TalentProgramme, RecruitsRaisePapers) {
  const Measure m{"papers", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto more = ensemble(kRecruits, m, 2016);
  expect_increase(more, ref, "papers 2014-2016 with 5,000 extra recruits a year from 2012");
}

TEST(TalentProgramme, ZeroRecruitsAtTheDefaultPremiumChangesNothing) {
  const Measure m{"papers", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "talent_programme"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "talent_programme at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
