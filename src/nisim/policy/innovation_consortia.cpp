// Innovation consortia (MODEL.md section 5, "innovation consortia").
// Source: brief 004 (Naughton): "All consortia are organized with a strong lead actor—
// typically a state-owned enterprise or research institute—and a specified engineering or
// product target"; membership "always includes a research institute or lab and a company or
// end-user representative to unite the two ends of the innovation chain"; "Members sign
// contracts which specify goals, criteria, and rewards"; "the subcontracting of tasks to
// small, specialized enterprises"; "There are two main types of innovation consortia: those
// which are predominantly research-driven and those which are predominantly
// economics-driven" (Suzhou: 13 consortia by early 2023; Zhejiang targets 50 by 2027).
//
// What it does in the model (MECHANICS.md section 4: consortia work by membership, which
// puts members at distance 1 from each other):
// - coverage: share of the target area's organisations that join the area's consortium
//   (Levers::consortium_share, per producer class), combined with memberships already set
//   by other blocks: p = 1 - (1 - p)(1 - c). Members are drawn once per organisation and
//   area (a stable draw), so raising coverage adds members.
// - research_driven (0 = economics-driven, 1 = research-driven) sets who joins: institutes
//   always join at `coverage`; universities and labs at coverage * min(1, 0.5 +
//   research_driven); firms at coverage * min(1, 1.5 - research_driven). Which gap gains
//   more is then an outcome: discoveries come mostly from universities and are taken up by
//   applied staff, engineering achievements by firms' development staff.
// - reward: contracts with rewards multiply the uptake incentive in the target areas
//   (Levers::area_incentive).
// - sme_matching: subcontracting to small specialised firms, as state money per yuan of own
//   R&D for private firms and Little Giants (Levers::matching). The model's matching lever
//   is per employer kind, not per area, so this part applies to those firms in every area,
//   not only in the target areas.
// Targets honoured: `areas` (coverage and reward). `regions` and `actors` are ignored (the
// model's consortium lever is per area; the lead actor is implicit).
// Defaults (coverage 0, reward 1, sme_matching 0) leave the baseline untouched.
// Expected direction: conversion across the gaps rises in the target areas, and with it
// their capability; an economics-driven consortium raises gap-2 conversion more than gap-1
// conversion (MODEL.md section 7: consortia close engineering gaps faster than discovery
// gaps).
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class InnovationConsortia final : public Instrument {
 public:
  InnovationConsortia(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : coverage_(b.values.at("coverage")), research_(b.values.at("research_driven")),
        reward_(b.values.at("reward")), sme_(b.values.at("sme_matching")), areas_(target_areas(b, areas)) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    const double academic = coverage_ * std::min(1.0, 0.5 + research_);
    const double firms = coverage_ * std::min(1.0, 1.5 - research_);
    const double share[model::kProducerClasses] = {academic, coverage_, coverage_, firms};
    for (auto a : areas_) {
      for (int c = 0; c < model::kProducerClasses; ++c) join_consortium(lev.consortium_share[a][std::size_t(c)], share[c]);
      lev.area_incentive[a] *= reward_;
    }
    lev.matching[std::size_t(model::EmployerKind::Private)] += sme_;
    lev.matching[std::size_t(model::EmployerKind::LittleGiant)] += sme_;
  }

 private:
  double coverage_, research_, reward_, sme_;
  std::vector<std::size_t> areas_;
};
}  // namespace

const Module& innovation_consortia_module() {
  static const Module m{
      {"innovation_consortia",
       BlockKind::Instrument,
       "A share of the target areas' organisations joins the area's consortium (members are at distance 1 "
       "instead of the cluster, region or country); research-driven consortia recruit more universities "
       "and labs, economics-driven ones more firms; "
       "contracts with rewards raise the uptake incentive there; subcontracting to small specialised "
       "firms as matching money for private firms and Little Giants (all areas: the lever is per kind).",
       "Brief 004 (Naughton): lead actor, engineering or product target, research-driven vs "
       "economics-driven consortia, contracts with rewards, subcontracting to SMEs (Suzhou 13, Zhejiang 50)",
       {
           {"coverage", "fraction", 0, 0, 1,
            "share of the target areas' institutes (and, by research_driven, universities and firms) in the consortium"},
           {"research_driven", "fraction", 0.5, 0, 1,
            "0 = economics-driven (all firms at coverage, universities and labs at half), 1 = research-driven "
            "(the reverse), 0.5 = everyone at coverage"},
           {"reward", "multiplier", 1, 0.5, 5, "uptake incentive multiplier in the target areas (contract rewards)"},
           {"sme_matching", "CNY per CNY", 0, 0, 2,
            "state money per yuan of own R&D for private firms and Little Giants (subcontracting), all areas"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<InnovationConsortia>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
