// Higher-education expansion (MODEL.md section 5): graduate inflows.
// Source: brief 002 (Cao): China's researcher numbers result from "the vast scale of its
// state-run education system" and "a pivotal decision made in the late 1990s to
// substantially expand the number of students enrolled in higher education"; 9.67 million
// college graduates, 779,849 master's and 82,320 PhD graduates in 2022 (its Table 1).
// What it does in the model: multiplies the lever graduate_mult, which scales the
// exogenous inflows of bachelor's, master's and doctoral graduates (and, through the
// bachelors, the students going abroad). The multiplier is inflow_mult times
// (1 + growth_per_year)^(years in force), counting the start year as the first year of
// growth, so an expansion can be a one-off step, a steady extra growth, or both.
// Graduates fill the R&D vacancies left after movers and returnees (people.cpp, hire):
// more graduates fill more vacancies, and fewer unfilled vacancies slow the rise of R&D
// wages, so budgets buy more FTE.
// Targets: none (graduate inflows are national; areas, regions and actors are ignored).
// Expected effect: fewer unfilled vacancies (vacancies_unfilled down) and more R&D
// personnel (rd_personnel_fte_10k up) in the years when vacancies bind.
#include <cmath>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class HigherEducationExpansion final : public Instrument {
 public:
  explicit HigherEducationExpansion(const scenario::PolicyBlock& b)
      : start_(b.start_year), mult_(b.values.at("inflow_mult")), growth_(b.values.at("growth_per_year")) {}
  void apply(int year, model::Levers& lev, model::Simulation&) override {
    lev.graduate_mult *= mult_ * std::pow(1 + growth_, year - start_ + 1);
  }

 private:
  int start_;
  double mult_, growth_;
};
}  // namespace

const Module& higher_education_expansion_module() {
  static const Module m{
      {"higher_education_expansion",
       BlockKind::Instrument,
       "Scales graduate inflows (bachelor's, master's, doctoral): a one-off multiplier and an extra yearly "
       "growth compounding from the start year.",
       "Brief 002 (Cao): the late-1990s decision 'to substantially expand the number of students enrolled in "
       "higher education'; 9.67 million graduates, 82,320 PhDs in 2022",
       {
           {"inflow_mult", "multiplier", 1, 0, 3, "multiplier on graduate inflows from the start year"},
           {"growth_per_year", "fraction per year", 0, -0.1, 0.3,
            "extra yearly growth of graduate inflows, compounding from the start year (its first year included)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<HigherEducationExpansion>(b);
      }};
  return m;
}

}  // namespace nisim::policy
