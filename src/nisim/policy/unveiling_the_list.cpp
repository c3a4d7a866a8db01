// Unveiling the list, 揭榜挂帅 (MODEL.md section 5, "unveiling the list").
// Source: brief 001 (Groenewegen-Lau): "Together with industry, the state formulates and
// funds open challenges for knowledge institutions in a process known as 'unveiling the
// list' (揭榜挂帅)"; brief 004 (Naughton): "tendering specific engineering objectives for
// open bidding and solicitation".
//
// What it does in the model (MECHANICS.md section 4: m_incentive is higher for
// unveiling-the-list rewards):
// - reward: the challenges are set in the target areas and pay whoever solves them, so the
//   uptake incentive of outputs there is multiplied (Levers::area_incentive). The model has
//   no per-class-per-area lever, so firms' own outputs in those areas are rewarded too.
// - knowledge_reward: any knowledge organisation may take a challenge, and solving one
//   counts in its evaluation: the uptake incentive of outputs of universities and labs,
//   legacy institutes and new-style institutes is multiplied (Levers::incentive_mult) in
//   every area.
// Targets honoured: `areas` (reward). `regions` and `actors` are ignored.
// Defaults (1, 1) leave the baseline untouched.
// Expected direction: gap-1 and gap-2 conversion rise in the target areas (and nationally
// with knowledge_reward), and with them engineering output and capability.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class UnveilingTheList final : public Instrument {
 public:
  UnveilingTheList(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : reward_(b.values.at("reward")), knowledge_(b.values.at("knowledge_reward")), areas_(target_areas(b, areas)) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    for (auto a : areas_) lev.area_incentive[a] *= reward_;
    for (auto c : {model::ProducerClass::Academic, model::ProducerClass::Institute, model::ProducerClass::NewStyle})
      lev.incentive_mult[std::size_t(c)] *= knowledge_;
  }

 private:
  double reward_, knowledge_;
  std::vector<std::size_t> areas_;
};
}  // namespace

const Module& unveiling_the_list_module() {
  static const Module m{
      {"unveiling_the_list",
       BlockKind::Instrument,
       "Open challenges with rewards (揭榜挂帅): multiplies the uptake incentive of outputs in the target "
       "areas, and that of knowledge organisations' outputs (universities and labs, institutes, new-style "
       "institutes) everywhere.",
       "Brief 001 (Groenewegen-Lau): 'the state formulates and funds open challenges for knowledge "
       "institutions'; brief 004 (Naughton): open bidding for engineering objectives",
       {
           {"reward", "multiplier", 1, 0.5, 5, "uptake incentive multiplier of outputs in the target areas"},
           {"knowledge_reward", "multiplier", 1, 0.5, 5,
            "uptake incentive multiplier of knowledge organisations' outputs (all areas)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<UnveilingTheList>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
