// Megaprojects / targeted indigenous development (MODEL.md section 5): concentrated
// resources on named areas.
// Source: brief 001 (Groenewegen-Lau): "the 16 science and technology megaprojects for the
// 2006 to 2020 period ... successfully spearheaded BeiDou's satellite navigation, Huawei's
// 5G next-generation mobile Internet, and the C919 commercial aircraft"; "the NSWN approach
// will be most successful in areas where there is an established technology that China can
// emulate"; it names the National Integrated Circuit Industry Investment Fund as a
// precedent. Brief 003: the IC fund "with a funding of upto $150 billion from the central
// and provincial governments"; "Targeted funds have been established to facilitate
// indigenous R&D" under Made in China 2025.
// What it does in the model, for the target areas (`areas`; all areas if none named):
//  - area_extra_money[a]: money_cny_bn_per_year (national bn CNY a year) of extra state
//    money to the firms of the target areas (the model gives each firm a share in
//    proportion to its sales within the area). The total is split over the target areas
//    by their demand weight (data/tech_areas.csv), or equally if split_equally = 1 (one
//    budget per named project).
//  - team_scale[a] and area_pull[a]: multiplied by `concentration`: the area's research
//    teams become that many times larger (fewer independent lines) and knowledge
//    organisations hire into it that many times more readily. No output rate is touched;
//    whether emulation or novel areas respond more follows from the teams (teams.cpp) and
//    is an outcome (docs/model.md, "What the findings are, for now").
// Targets: `areas`; regions and actors are ignored (the levers are per area, national).
// Expected effect: capability_ratio of the target areas up.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class Megaprojects final : public Instrument {
 public:
  Megaprojects(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : money_(b.values.at("money_cny_bn_per_year")), conc_(b.values.at("concentration")),
        areas_(target_areas(b, areas)) {
    const bool equal = b.values.at("split_equally") >= 0.5;
    double total = 0;
    for (auto a : areas_) total += equal ? 1.0 : areas[a].demand_weight;
    for (auto a : areas_)
      share_.push_back(total > 0 ? (equal ? 1.0 : areas[a].demand_weight) / total : 0.0);
  }
  void apply(int, model::Levers& lev, model::Simulation&) override {
    for (std::size_t i = 0; i < areas_.size(); ++i) {
      const auto a = areas_[i];
      lev.area_extra_money[a] += money_ * share_[i];
      lev.team_scale[a] *= conc_;
      lev.area_pull[a] *= conc_;
    }
  }

 private:
  double money_, conc_;
  std::vector<std::size_t> areas_;
  std::vector<double> share_;
};
}  // namespace

const Module& megaprojects_module() {
  static const Module m{
      {"megaprojects",
       BlockKind::Instrument,
       "Concentrates resources on the target areas: extra state money to their firms (split by demand weight, "
       "or equally), fewer and larger research teams there and a pull of hires into them.",
       "Brief 001 (Groenewegen-Lau): 16 S&T megaprojects 2006-2020 (BeiDou, 5G, C919), NSWN works best on "
       "technologies China can emulate; brief 003: the National IC Investment Fund, targeted funds",
       {
           {"money_cny_bn_per_year", "bn CNY/year (national)", 0, 0, 1000,
            "extra state money to the firms of the target areas, in total over the areas"},
           {"concentration", "multiplier", 1, 0.1, 5,
            "multiplier on research team size and on the hiring pull of the target areas"},
           {"split_equally", "0 or 1", 0, 0, 1,
            "1 = the money is split equally over the target areas; 0 = in proportion to their demand weight"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<Megaprojects>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
