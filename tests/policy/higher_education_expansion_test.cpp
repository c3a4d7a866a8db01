#include "direction.hpp"

namespace nisim::test_support {
namespace {

// Graduates fill the vacancies left after movers and returnees. In the baseline they are
// rarely short, so the effect is tested where vacancies bind: both arms add a budget push
// (matching funds of one yuan per yuan of firm R&D from 2015) that creates more vacancies
// than graduates can fill; the treated arm also has 50% more graduates from 2015.
const char* kPush = R"(
[[policy]]
instrument = "tax_incentives"
start = 2015
matching_rate = 1.0
)";
const char* kExpansion = R"(
[[policy]]
instrument = "higher_education_expansion"
start = 2015
inflow_mult = 1.5
)";

TEST(HigherEducationExpansion, MoreGraduatesFillVacancies) {
  const Measure m{"vacancies_unfilled", 2015, 2017};
  const auto ref = ensemble(kPush, m, 2017);
  const auto more = ensemble(std::string(kPush) + kExpansion, m, 2017);
  expect_decrease(more, ref, "vacancies_unfilled 2015-2017 with 50% more graduates when vacancies bind");
}

TEST(HigherEducationExpansion, MoreGraduatesRaiseRdPersonnelWhenVacanciesBind) {
  const Measure m{"rd_personnel_fte_10k", 2015, 2017};
  const auto ref = ensemble(kPush, m, 2017);
  const auto more = ensemble(std::string(kPush) + kExpansion, m, 2017);
  expect_increase(more, ref, "rd_personnel_fte_10k 2015-2017 with 50% more graduates when vacancies bind");
}

TEST(HigherEducationExpansion, AtDefaultsChangesNothing) {
  const Measure m{"rd_personnel_fte_10k", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "higher_education_expansion"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "higher_education_expansion at its defaults");
}

}  // namespace
}  // namespace nisim::test_support
