// Shifts in FDI and foreign R&D centres (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "Corporate R&D centers funded by investors from overseas as well
// as from Hong Kong, Macau, and Taiwan operating in China numbered 1,800 at their peak in
// 2017. Although these enterprises also saw their contribution to China's overall R&D
// expenditure gradually shrink from 16.24 percent in 2010 to 12.08 percent in 2021".
// What it does in the model: multiplies the FDI / foreign R&D centre access channel
// (Levers::channel_level[kFdi]) by `fdi_level` every year in force, and each year in force
// closes each foreign-invested firm (EmployerKind::Foreign) with probability
// `foreign_exit_share` through Simulation::close_employers (their staff look for other jobs,
// their money is returned). National: area, region and actor targets are not used
// (close_employers cannot target areas or regions).
// Expected effect: with foreign exits, foreign_rd_share_of_gerd_pct down; with a lower FDI
// level, capability down. fdi_level = 1 and foreign_exit_share = 0 (the defaults) change
// nothing.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kSalt = 0x0F91u;  // this module's salt for close_employers draws

class FdiShift final : public Instrument {
 public:
  explicit FdiShift(const scenario::PolicyBlock& b)
      : level_(b.values.at("fdi_level")), exit_(b.values.at("foreign_exit_share")) {}
  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    lev.channel_level[model::kFdi] *= level_;
    if (exit_ > 0) sim.close_employers(model::EmployerKind::Foreign, exit_, kSalt);
  }

 private:
  double level_, exit_;
};
}  // namespace

const Module& fdi_shift_module() {
  static const Module m{
      {"fdi_shift",
       BlockKind::Shock,
       "Scales the FDI / foreign R&D centre access channel and closes a share of foreign-invested firms each "
       "year in force (national).",
       "Brief 002 (Cao): 1,800 foreign R&D centres at the 2017 peak; foreign share of GERD 16.24% (2010) to "
       "12.08% (2021)",
       {
           {"fdi_level", "multiplier", 1, 0, 5, "level of the FDI / foreign R&D centre access channel relative to the baseline"},
           {"foreign_exit_share", "fraction per year", 0, 0, 1, "share of foreign-invested firms that close each year in force"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<FdiShift>(b);
      }};
  return m;
}

}  // namespace nisim::policy
