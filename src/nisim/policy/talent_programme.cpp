// Talent programmes (MODEL.md section 5).
// Source: brief 002 (Cao): the Thousand Talents Program (2008) recruited 7,000+ by 2018,
// the Young Thousand Talents from 2010; brief 003: recruits published 27% more papers
// than matched peers.
// Expected effect: more returnee researchers and more papers, more co-authorship abroad.
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class TalentProgramme final : public Instrument {
 public:
  explicit TalentProgramme(const scenario::PolicyBlock& b)
      : recruits_(b.values.at("recruits_per_year")), premium_(b.values.at("premium_change")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.talent_recruits += recruits_;
    lev.returnee_premium = std::max(0.0, lev.returnee_premium + premium_);
  }

 private:
  double recruits_, premium_;
};
}  // namespace

const Module& talent_programme_module() {
  static const Module m{
      {"talent_programme",
       BlockKind::Instrument,
       "Recruits senior researchers from abroad each year (on top of the baseline recruitment) and sets "
       "the productivity premium of returnees (added to the baseline premium).",
       "Brief 002 (Cao): Thousand Talents, 7,000+ recruited 2008-2018; brief 003: 27% more papers",
       {
           {"recruits_per_year", "persons/year", 0, 0, 100000,
            "extra senior researchers recruited from abroad each year"},
           {"premium_change", "fraction", 0, -1, 2, "added to the baseline productivity premium of returnees (params.returnee_premium)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<TalentProgramme>(b);
      }};
  return m;
}

}  // namespace nisim::policy
