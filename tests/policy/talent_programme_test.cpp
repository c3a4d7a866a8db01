#include "direction.hpp"

namespace nisim::test_support {
namespace {

const char* kRecruits = R"(
[[policy]]
instrument = "talent_programme"
start = 2012
recruits_per_year = 5000
)";

TEST(TalentProgramme, RecruitsRaiseTheReturneeShare) {
  const Measure m{"returnee_researcher_share_pct", 2014, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto more = ensemble(kRecruits, m, 2016);
  expect_increase(more, ref, "returnee_researcher_share_pct 2014-2016 with 5,000 extra recruits a year from 2012");
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
