// Government guidance funds (MODEL.md section 5).
// Source: brief 003, "Chinese government guidance funds": "Guidance funds often don't raise
// as much money as planned and much of what they raise is never actually invested in
// projects"; "fund capital has been wasted on nonstrategic and illicit activities";
// "Guidance funds do not invest in early-stage companies as intended"; they "may even
// crowd private capital out of the market"; "As of the first quarter of 2020, 1,741 such
// funds were set up, with a target size of 1.55 trillion USD". Brief 001 names the National
// Integrated Circuit Industry Investment Fund among the precedents of the NSWN system.
// What it does in the model: moves the guidance-fund levers away from their baseline
// (params guidance_*): the planned raise (guidance_target_mult, multiplied), the share of
// the plan actually raised (guidance_raise_rate), the share of undeployed capital invested
// each year (guidance_deploy_rate), the share of invested capital wasted
// (guidance_leakage), the share of productive investment spread evenly over firms
// instead of by sales, i.e. toward small and early-stage firms
// (guidance_early_share), and the private venture capital displaced per yuan invested
// (guidance_crowding_out). Every key is a change from the baseline, so the defaults (a
// multiplier of 1 and changes of 0) leave the baseline untouched; rates are kept in [0, 1].
// Targets: none (the fund levers are national; areas, regions and actors are ignored).
// For an area-targeted fund such as the IC fund use the megaprojects instrument.
// Expected effect: higher leakage wastes capital (guidance_fund_wasted_cny_bn up) without
// raising firm R&D; a stronger early-stage preference shifts fund money toward small firms;
// a bigger or better-deployed fund raises firm R&D.
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class GuidanceFunds final : public Instrument {
 public:
  explicit GuidanceFunds(const scenario::PolicyBlock& b)
      : target_(b.values.at("target_mult")), raise_(b.values.at("raise_rate_change")),
        deploy_(b.values.at("deploy_rate_change")), leakage_(b.values.at("leakage_change")),
        early_(b.values.at("early_share_change")), crowding_(b.values.at("crowding_out_change")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    auto shift = [](double& lever, double change) {
      if (change != 0) lever = std::clamp(lever + change, 0.0, 1.0);
    };
    lev.guidance_target_mult *= target_;
    shift(lev.guidance_raise_rate, raise_);
    shift(lev.guidance_deploy_rate, deploy_);
    shift(lev.guidance_leakage, leakage_);
    shift(lev.guidance_early_share, early_);
    shift(lev.guidance_crowding_out, crowding_);
  }

 private:
  double target_, raise_, deploy_, leakage_, early_, crowding_;
};
}  // namespace

const Module& guidance_funds_module() {
  static const Module m{
      {"guidance_funds",
       BlockKind::Instrument,
       "Changes the guidance funds' planned raise, the shares raised, deployed and wasted, their preference "
       "for early-stage (small) firms and the private capital they crowd out, relative to the baseline.",
       "Brief 003: 1,741 funds by Q1 2020 with a 1.55 trillion USD target; they raise less than planned, invest "
       "less than they raise, waste capital, rarely invest early, crowd out private capital",
       {
           {"target_mult", "multiplier", 1, 0, 10, "multiplier on the funds' planned raise"},
           {"raise_rate_change", "fraction", 0, -1, 1,
            "added to the share of the planned raise actually raised (baseline params.guidance_raise_rate 0.45)"},
           {"deploy_rate_change", "fraction per year", 0, -1, 1,
            "added to the share of undeployed capital invested each year (baseline 0.5)"},
           {"leakage_change", "fraction", 0, -1, 1,
            "added to the share of invested capital wasted on non-productive uses (baseline 0.25)"},
           {"early_share_change", "fraction", 0, -1, 1,
            "added to the share of productive investment spread evenly over firms (toward small, early-stage "
            "firms) instead of by sales (baseline 0)"},
           {"crowding_out_change", "fraction", 0, -1, 1,
            "added to the private venture capital displaced per yuan invested (baseline 0.3)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<GuidanceFunds>(b);
      }};
  return m;
}

}  // namespace nisim::policy
