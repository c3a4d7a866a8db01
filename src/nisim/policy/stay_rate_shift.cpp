// Shifts in the stay rate of Chinese doctorates abroad (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "the rate at which Chinese doctoral graduates remain in the
// United States has declined from 92.5 percent in 2002 to 76.7 percent in 2022"; the
// China Initiative "has also driven an increasing number of ethnic Chinese scientists back
// to their homeland".
// What it does in the model: adds `shift` to the doctoral stay rate abroad
// (Levers::stay_shift; the rate is clamped to [0, 1]) every year in force, on top of the
// baseline path (which falls as the home economy's pull rises). Fewer who stay means more
// doctorates return and take R&D jobs as returnees. National: area, region and actor
// targets are not used.
// Expected effect: a negative shift (lower stay rate) lowers doctoral_stay_rate_pct and
// raises returnee hires and returnee_researcher_share_pct; a positive shift does the
// reverse. shift = 0 (the default) changes nothing.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class StayRateShift final : public Instrument {
 public:
  explicit StayRateShift(const scenario::PolicyBlock& b) : shift_(b.values.at("shift")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override { lev.stay_shift += shift_; }

 private:
  double shift_;
};
}  // namespace

const Module& stay_rate_shift_module() {
  static const Module m{
      {"stay_rate_shift",
       BlockKind::Shock,
       "Shifts the stay rate of Chinese doctoral graduates abroad (national); a lower stay rate brings more "
       "returnees into R&D jobs.",
       "Brief 002 (Cao): stay rate of Chinese doctorates in the US 92.5% (2002) to 76.7% (2022)",
       {
           {"shift", "fraction (stay-rate points / 100)", 0, -0.5, 0.5,
            "added to the doctoral stay rate abroad (negative = more return)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<StayRateShift>(b);
      }};
  return m;
}

}  // namespace nisim::policy
