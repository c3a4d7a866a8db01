// Tax incentives and matching funds for firms' R&D and basic research (MODEL.md section 5).
// Source: brief 000 (SCSP), "Attracting More Private Capital for Fundamental Research":
// "Beijing has issued policy changes aimed at clarifying tax breaks for basic research
// contributions to public research institutions and established joint funds where
// companies contribute and receive matching funds for basic research"; "Private companies
// in China are significantly underinvested in basic research". Brief 003: support to
// non-state firms "in the form of tax breaks, low-interest credit". MECHANICS.md section 1:
// firms' R&D is "raised by subsidies, tax incentives and matching funds".
// What it does in the model, through three levers:
//  - super_deduction: extra_deduction is added to the baseline R&D super-deduction
//    schedule (50% to 2017, 75% 2018-2020, 100% from 2021); the lower user cost of R&D
//    raises firms' desired R&D intensity (elasticity params.rd_user_cost_elasticity).
//    The total is kept in [0, 2.5] so the user cost 1 - cit * (1 + deduction) stays positive.
//  - matching[kind]: matching_rate yuan of state money per yuan of the firm's own in-house
//    R&D, for the firm kinds named in `actors` (soe, private, little_giant, architect,
//    foreign; all firm kinds if none are named). Naming a knowledge organisation is an error.
//  - firm_basic_mult: multiplies the share of firms' R&D staff assigned to basic research.
// Targets: `actors` (matching funds only); areas and regions are ignored (national levers).
// Expected effect: firm R&D (gerd_enterprise_perf_cny_bn) up with the deduction and with
// matching funds; the basic share of GERD (basic_share_pct) up with basic_research_mult.
#include <algorithm>
#include <string>
#include <vector>

#include <nisim/model/simulation.hpp>
#include <nisim/model/types.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/policy/preflight.hpp>

namespace nisim::policy {

namespace {
class TaxIncentives final : public Instrument {
 public:
  explicit TaxIncentives(const scenario::PolicyBlock& b)
      : deduction_(b.values.at("extra_deduction")), matching_(b.values.at("matching_rate")),
        basic_mult_(b.values.at("basic_research_mult")) {
    for (int k = model::kFirstFirmKind; k < model::kEmployerKinds; ++k) {
      const auto name = std::string(model::kEmployerKindNames[std::size_t(k)]);
      if (b.actors.empty() || std::find(b.actors.begin(), b.actors.end(), name) != b.actors.end())
        kinds_.push_back(k);
    }
    for (const auto& a : b.actors) {
      const auto it = std::find(model::kEmployerKindNames.begin(), model::kEmployerKindNames.end(), a);
      if (it == model::kEmployerKindNames.end() || !model::is_firm(model::EmployerKind(it - model::kEmployerKindNames.begin())))
        throw scenario::ScenarioError(b.where, b.name + ".actors",
                                      "matching funds go to firms only: name firm kinds (soe, private, little_giant, "
                                      "architect, foreign), not '" + a + "'");
    }
  }
  void apply(int, model::Levers& lev, model::Simulation&) override {
    if (deduction_ != 0) lev.super_deduction = std::clamp(lev.super_deduction + deduction_, 0.0, kMaxSuperDeduction);
    for (int k : kinds_) lev.matching[std::size_t(k)] += matching_;
    lev.firm_basic_mult *= basic_mult_;
  }

 private:
  double deduction_, matching_, basic_mult_;
  std::vector<int> kinds_;
};
}  // namespace

const Module& tax_incentives_module() {
  static const Module m{
      {"tax_incentives",
       BlockKind::Instrument,
       "Adds to the baseline R&D super-deduction (lower user cost of R&D), pays matching funds per yuan of "
       "firms' own R&D to the firm kinds named in `actors` (all firms if none), and multiplies firms' "
       "basic-research share.",
       "Brief 000 (SCSP): tax breaks and matching funds for basic research, private firms underinvest in "
       "basic research; brief 003: tax breaks for non-state firms",
       {
           {"extra_deduction", "fraction of R&D expenses", 0, -1, 1.5,
            "added to the baseline super-deduction rate (0.5 to 2017, 0.75 2018-2020, 1.0 from 2021); total kept "
            "in [0, 2.5]"},
           {"matching_rate", "CNY per CNY of own R&D", 0, 0, 2,
            "state matching funds per yuan of a targeted firm's own in-house R&D"},
           {"basic_research_mult", "multiplier", 1, 0, 50,
            "multiplier on the share of firms' R&D staff in basic research (baseline 0.2%)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<TaxIncentives>(b);
      }};
  return m;
}

}  // namespace nisim::policy
