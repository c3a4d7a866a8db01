// US outbound investment restrictions (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "In 2023, the Biden administration introduced new restrictions
// on investments in China in areas such as semiconductors, quantum technologies, and
// artificial intelligence systems citing national security concerns"; brief 004
// (Naughton): Chinese start-ups "relied on Walden International and other Silicon Valley
// venture capital firms not just for money".
// What it does in the model: multiplies private venture capital (Levers::venture_mult) by
// (1 - capital_cut) and the FDI / foreign R&D centre access channel
// (Levers::channel_level[kFdi]) by (1 - fdi_cut) every year in force. Both levers are
// national, so area, region and actor targets are not used (the restrictions' sectors
// cannot be singled out with these levers). Typical use: start = 2024.
// Expected effect: venture_capital_invested_cny_bn down (and the R&D it funds), capability
// down slightly through the FDI channel. Cuts of 0 (the defaults) change nothing.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class InvestmentRestrictions final : public Instrument {
 public:
  explicit InvestmentRestrictions(const scenario::PolicyBlock& b)
      : capital_(b.values.at("capital_cut")), fdi_(b.values.at("fdi_cut")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.venture_mult *= 1 - capital_;
    lev.channel_level[model::kFdi] *= 1 - fdi_;
  }

 private:
  double capital_, fdi_;
};
}  // namespace

const Module& investment_restrictions_module() {
  static const Module m{
      {"investment_restrictions",
       BlockKind::Shock,
       "Cuts private venture capital and the FDI / foreign R&D centre access channel while in force "
       "(national).",
       "Brief 002 (Cao): 2023 US restrictions on investments in China (semiconductors, quantum, AI)",
       {
           {"capital_cut", "fraction", 0, 0, 1, "share of private venture capital lost"},
           {"fdi_cut", "fraction", 0, 0, 1, "share of the FDI / foreign R&D centre access channel lost"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<InvestmentRestrictions>(b);
      }};
  return m;
}

}  // namespace nisim::policy
