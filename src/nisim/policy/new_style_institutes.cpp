// New-style institutes (MODEL.md section 5, "new-style institutes").
// Source: brief 004 (Naughton): "The importance given to scientific publication as a
// success indicator has been drastically downgraded. Some of these institutions have been
// rebranded as 'new-style institutes.' In these cases, research institutes commit to—and
// are rewarded for—specific technical targets and ambitious knowledge transfer goals."
// Brief 001 (Groenewegen-Lau): "a new type of more market-oriented, state-sponsored research
// institute is emerging to facilitate technology transfer (New R&D Institutes, 新型研发机构)".
//
// What it does in the model: each year in force, each legacy public institute is rebranded
// as a new-style institute with probability conversion_share_per_year
// (Simulation::convert_employers, Institute -> NewStyleInstitute). Their outputs then carry
// the new-style uptake incentive (params incentive_new_style against incentive_institute:
// rewarded for transfer), optionally multiplied by transfer_reward
// (Levers::incentive_mult for the new-style class).
// Targets honoured: none (knowledge organisations' researchers work across areas, so an
// area target would be meaningless; the conversion draw has no region filter).
// Defaults (0, 1) leave the baseline untouched.
// Expected direction: conversion of institutes' outputs across both gaps rises, hence
// engineering achievements rise. The model has no separate paper incentive per institute
// type, so the downgrading of papers does not lower paper counts here (see the report).
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kSaltNewStyle = 0x0802;

class NewStyleInstitutes final : public Instrument {
 public:
  explicit NewStyleInstitutes(const scenario::PolicyBlock& b)
      : share_(b.values.at("conversion_share_per_year")), reward_(b.values.at("transfer_reward")) {}
  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    if (share_ > 0)
      sim.convert_employers(model::EmployerKind::Institute, model::EmployerKind::NewStyleInstitute, share_,
                            kSaltNewStyle);
    lev.incentive_mult[std::size_t(model::ProducerClass::NewStyle)] *= reward_;
  }

 private:
  double share_, reward_;
};
}  // namespace

const Module& new_style_institutes_module() {
  static const Module m{
      {"new_style_institutes",
       BlockKind::Instrument,
       "Each year rebrands a share of legacy public institutes as new-style institutes, rewarded for "
       "technical targets and transfer (higher uptake incentive of their outputs); optionally raises that "
       "incentive further.",
       "Brief 004 (Naughton): 'rebranded as new-style institutes ... rewarded for specific technical targets "
       "and ambitious knowledge transfer goals'; brief 001: New R&D Institutes",
       {
           {"conversion_share_per_year", "fraction/year", 0, 0, 1,
            "probability per year that a legacy institute becomes a new-style institute"},
           {"transfer_reward", "multiplier", 1, 0.5, 5, "multiplier on the uptake incentive of new-style institutes"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<NewStyleInstitutes>(b);
      }};
  return m;
}

}  // namespace nisim::policy
