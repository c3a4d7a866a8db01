// SOE reform (MODEL.md section 5): TRDA-style incentives, R&D as a success indicator.
// Source: brief 000 (SCSP), "Igniting Innovation at State-Owned Enterprises": the
// "Technology Reform Demonstration Action (TRDA), launched in 2020, has targeted
// tech-focused SOEs with expanded financial incentives to innovate"; R&D intensity of TRDA
// SOEs 13.3%, 15.4%, 17.7% (2020-2022) against 2.55%, 2.5%, 3% for central SOEs. Brief 004
// (Naughton): "investments in research and development have been elevated as a regular
// success indicator" of central SOEs.
// What it does in the model: raises the desired R&D intensity of state-owned enterprises
// through the lever soe_boost (the model uses desired *= 1 + soe_boost); the instrument's
// boost compounds with the baseline one: (1 + soe_boost) becomes
// (1 + soe_boost) * (1 + rd_indicator_boost). SOEs move part of the way toward the new
// level each year (params.firm_nu_adjust). A boost of about 4.2 takes an SOE from the
// central-SOE level to the TRDA level (13.3 / 2.55 - 1).
// Targets: none (the lever applies to every SOE; areas, regions and actors are ignored).
// Expected effect: SOE R&D intensity (soe_rd_intensity_pct) up, GERD up.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class SoeReform final : public Instrument {
 public:
  explicit SoeReform(const scenario::PolicyBlock& b) : boost_(b.values.at("rd_indicator_boost")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    // (1 + s)(1 + b) - 1 written so that b = 0 leaves the lever bit-identical.
    lev.soe_boost += boost_ * (1 + lev.soe_boost);
  }

 private:
  double boost_;
};
}  // namespace

const Module& soe_reform_module() {
  static const Module m{
      {"soe_reform",
       BlockKind::Instrument,
       "Makes R&D a success indicator of state-owned enterprises (TRDA-style incentives): multiplies "
       "SOEs' desired R&D intensity by 1 + rd_indicator_boost on top of the baseline. Applies to all SOEs.",
       "Brief 000 (SCSP): TRDA launched 2020, TRDA SOEs' R&D intensity 13.3/15.4/17.7% (2020-2022) vs "
       "central SOEs 2.5-3%; brief 004 (Naughton): R&D 'elevated as a regular success indicator'",
       {
           {"rd_indicator_boost", "fraction", 0, 0, 10,
            "relative rise of SOEs' desired R&D intensity (1 = doubled; about 4.2 = TRDA level over central SOEs)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<SoeReform>(b);
      }};
  return m;
}

}  // namespace nisim::policy
