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
// What it does in the model (MECHANICS.md section 4: consortia work by lowering the distance
// d between members to 1):
// - coverage: probability that the first user of an output in a target area sits in the
//   producer's consortium (Levers::consortium_gap1 / consortium_gap2), combined with any
//   coverage already set as independent memberships: p = 1 - (1 - p)(1 - c).
// - research_driven (0 = economics-driven, 1 = research-driven): the consortium's focus
//   gets the full coverage, the other gap at least half of it, because every consortium
//   unites both ends of the chain: gap 1 gets coverage * min(1, 0.5 + research_driven),
//   gap 2 gets coverage * min(1, 1.5 - research_driven). At 0.5 both gaps get it all.
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
    const double c1 = coverage_ * std::min(1.0, 0.5 + research_);
    const double c2 = coverage_ * std::min(1.0, 1.5 - research_);
    auto join = [](double& p, double c) {
      if (c > 0) p = 1 - (1 - p) * (1 - c);
    };
    for (auto a : areas_) {
      join(lev.consortium_gap1[a], c1);
      join(lev.consortium_gap2[a], c2);
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
       "Puts producers and users of the target areas in the same consortium (distance 1 instead of the "
       "cluster, region or country), tilted toward gap 1 (research-driven) or gap 2 (economics-driven); "
       "contracts with rewards raise the uptake incentive there; subcontracting to small specialised "
       "firms as matching money for private firms and Little Giants (all areas: the lever is per kind).",
       "Brief 004 (Naughton): lead actor, engineering or product target, research-driven vs "
       "economics-driven consortia, contracts with rewards, subcontracting to SMEs (Suzhou 13, Zhejiang 50)",
       {
           {"coverage", "probability", 0, 0, 1,
            "probability that an output's first user in a target area is in the producer's consortium"},
           {"research_driven", "fraction", 0.5, 0, 1,
            "0 = economics-driven (gap 2 full coverage, gap 1 half), 1 = research-driven (the reverse), "
            "0.5 = both full"},
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
