// Openness (MODEL.md section 5, instruments): FDI, foreign R&D centres, joint ventures
// trading market access for technology, buying equipment outright, licensing.
// Source: brief 003 (Fuller typology): "Buying It Outright" ("massive purchases of
// industrial machinery from global technology leaders"), then "the import of
// soft-technology licensing"; joint ventures where China sought "to convince MNCs to share
// technology in exchange for access to China's market"; "Open Up to Foreign Direct
// Investment" ("FDI was able to advance China's technological capability by filling in the
// technological gaps"). Brief 002 (Cao): MNC R&D centres, "1,800 at their peak in 2017".
// What it does in the model: multiplies the access channels to the global frontier
// (Levers::channel_level[kImports], [kLicences], [kJointVentures], [kFdi]) and private
// venture capital (Levers::venture_mult, foreign money in venture funds) on top of the
// baseline values of each year in force. The channels are national (one level for all
// areas), so the block's areas/regions/actors targets are not used. Access enters the
// capability rule (kappa * access * (1 - C/F)) with a larger kappa in emulation areas, and
// the licence channel enters IP payments abroad.
// Expected effect: capability_ratio up (most in emulation areas), ip_payments_usd_bn up
// with more licensing, more venture capital with more foreign capital. All multipliers
// default to 1 (the baseline), where the instrument changes nothing.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class Openness final : public Instrument {
 public:
  explicit Openness(const scenario::PolicyBlock& b)
      : imports_(b.values.at("imports")), licences_(b.values.at("licences")),
        jv_(b.values.at("joint_ventures")), fdi_(b.values.at("fdi")),
        capital_(b.values.at("foreign_capital")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.channel_level[model::kImports] *= imports_;
    lev.channel_level[model::kLicences] *= licences_;
    lev.channel_level[model::kJointVentures] *= jv_;
    lev.channel_level[model::kFdi] *= fdi_;
    lev.venture_mult *= capital_;
  }

 private:
  double imports_, licences_, jv_, fdi_, capital_;
};
}  // namespace

const Module& openness_module() {
  static const Module m{
      {"openness",
       BlockKind::Instrument,
       "Multiplies the national access channels to the frontier (equipment imports, licences, joint "
       "ventures, FDI and foreign R&D centres) and foreign money in venture capital, relative to the "
       "baseline of each year. National: area, region and actor targets are not used.",
       "Brief 003 (Fuller typology): buying it outright, licensing, joint ventures trading market access "
       "for technology, opening up to FDI; brief 002 (Cao): 1,800 foreign R&D centres at the 2017 peak",
       {
           {"imports", "multiplier", 1, 0, 5, "level of the equipment/component import channel relative to the baseline"},
           {"licences", "multiplier", 1, 0, 5, "level of the technology licensing channel relative to the baseline (also scales IP payments)"},
           {"joint_ventures", "multiplier", 1, 0, 5, "level of the joint-venture channel (market access for technology) relative to the baseline"},
           {"fdi", "multiplier", 1, 0, 5, "level of the FDI / foreign R&D centre channel relative to the baseline"},
           {"foreign_capital", "multiplier", 1, 0, 5, "multiplier on private venture capital (foreign investors in venture funds)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<Openness>(b);
      }};
  return m;
}

}  // namespace nisim::policy
