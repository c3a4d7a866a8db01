// Centralisation: the CCST dial (MODEL.md section 5, "centralisation").
// Sources: brief 000 (SCSP): "In March 2023, Beijing created the Central Commission for
// Science and Technology (CCST)"; State Key Labs run by many ministries ("This uncoordinated
// expansion created mismanagement, overlapping priorities, and ultimately wasted money") are
// being repurposed into National Key Laboratories "to remove duplicative work". Brief 004
// (Naughton): "the fundamental contradiction between control and creativity"; "a
// contradiction between centralization and the strengths of China's diverse ecology of
// regions, firms, and researchers". Brief 001 (Groenewegen-Lau): "the state is
// simultaneously seeking to centralize control".
//
// What it does in the model (MECHANICS.md section 4: "centralisation works by concentrating
// budget on target areas and removing duplicate labs (less waste) while cutting the number
// of independent exploration lines"):
// - central_share_change: added to the central share of government research money
//   (Levers::centralisation); the centre's money follows project competition on output,
//   local money follows headcount in each region (duplication, local protectionism).
// - concentration: in the target areas (`areas`; all if none named) it multiplies
//   Levers::team_scale (research teams become that many times larger, so there are that
//   many times fewer independent lines) and Levers::area_pull (knowledge organisations
//   hire into the area that many times more readily, so people move there as staff turn
//   over). Neither touches an output rate: what concentration does to output and
//   capability follows from the teams (teams.cpp): in an emulation area every result
//   counts in full, in a novel area a line counts by its best result, so fewer, larger
//   teams lose there what more people add.
// - zero_sum: the centre redirects people rather than adding them: the other areas' pull
//   becomes 1 - zero_sum * (concentration - 1) * W / (1 - W) (floored at 0.1), W being the
//   target areas' share of the demand weights (data/tech_areas.csv). With zero_sum = 1 the
//   demand-weighted mean pull stays 1. If every area is targeted there is nothing to take
//   from.
// - lab_merge_share: once, in the first year the block is in force, each State Key Lab is
//   merged away with this probability (Simulation::close_employers); its staff are re-hired
//   by other employers that year and its money is returned; the labs' group money is then
//   shared by fewer labs.
// Targets honoured: `areas` (concentration only). `regions` and `actors` are ignored.
// Defaults (0, 1, any zero_sum, 0, 0) leave the baseline untouched.
// Expected direction (MODEL.md section 7): a shift to mission targets raises engineering
// output in the short term (engineering_achievements) and lowers high-value discoveries
// in the long term (invent_score, highly_cited_papers).
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kSaltLabMerge = 0x0801;

class Centralisation final : public Instrument {
 public:
  Centralisation(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : central_change_(b.values.at("central_share_change")), concentration_(b.values.at("concentration")),
        merge_share_(b.values.at("lab_merge_share")),
        areas_(target_areas(b, areas)), target_(areas.size(), 0) {
    double w_all = 0, w_target = 0;
    for (auto a : areas_) target_[a] = 1;
    for (std::size_t a = 0; a < areas.size(); ++a) {
      w_all += areas[a].demand_weight;
      if (target_[a]) w_target += areas[a].demand_weight;
    }
    const double w = w_all > 0 ? w_target / w_all : 1;
    const double zero_sum = b.values.at("zero_sum");
    if (concentration_ != 1 && w < 1)
      others_ = std::max(0.1, 1 - zero_sum * (concentration_ - 1) * w / (1 - w));
  }
  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    lev.centralisation = std::clamp(lev.centralisation + central_change_, 0.0, 1.0);
    if (concentration_ != 1)
      for (std::size_t a = 0; a < target_.size(); ++a) {
        if (target_[a]) lev.team_scale[a] *= concentration_;
        lev.area_pull[a] *= target_[a] ? concentration_ : others_;
      }
    if (!merged_) {
      merged_ = true;
      if (merge_share_ > 0) sim.close_employers(model::EmployerKind::StateKeyLab, merge_share_, kSaltLabMerge);
    }
  }

 private:
  double central_change_, concentration_, merge_share_;
  std::vector<std::size_t> areas_;
  std::vector<std::uint8_t> target_;
  double others_ = 1;  ///< hiring pull of the areas not targeted (zero-sum concentration)
  bool merged_ = false;
};
}  // namespace

const Module& centralisation_module() {
  static const Module m{
      {"centralisation",
       BlockKind::Instrument,
       "The CCST dial: raises the central share of government research money, concentrates the target areas' "
       "researchers in fewer, larger teams and pulls hires into them (taken from the other areas by default) "
       "and, once in its first year, merges away a share of the State Key Labs (their staff are re-hired elsewhere).",
       "Brief 000 (SCSP): CCST (March 2023), State Key Labs repurposed into National Key Labs 'to remove "
       "duplicative work'; brief 004 (Naughton): 'control and creativity'; brief 001",
       {
           {"central_share_change", "fraction", 0, -1, 1,
            "added to the baseline central share of government research money (clamped to [0, 1])"},
           {"concentration", "multiplier", 1, 0.5, 5,
            "multiplier on research team size and on the hiring pull of the target areas"},
           {"zero_sum", "fraction", 1, 0, 1,
            "share of the target areas' extra hiring pull taken from the other areas (1 = pure redirection)"},
           {"lab_merge_share", "fraction", 0, 0, 1,
            "share of State Key Labs merged away (closed) once, in the first year in force"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<Centralisation>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
