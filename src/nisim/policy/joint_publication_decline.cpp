// Falling joint publications (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "China and the United States had been each other's primary
// scientific collaborators for decades, but joint publications started to decline in
// 2020"; "Foreign scientists have become reluctant to collaborate with their Chinese
// counterparts". Brief 001 (Groenewegen-Lau): "Joint publications between U.S. and
// Chinese researchers are already declining."
// What it does in the model: each year in force it cuts `decline_per_year` of every
// researcher's foreign ties (Levers::tie_cut) and lowers the rate at which new ties form
// by the same share, compounding from the start year (Levers::tie_formation_level).
// Co-authorship, the value premium of co-authored outputs and the collaboration access
// channel then follow the ties researchers still have (docs/model.md 6.5, 8.1). The
// baseline scenario has this shock from 2020 at 4% a year. National: area, region and
// actor targets are not used.
// Expected effect: fewer internationally co-authored papers and, through the premium and
// the access channel, fewer highly cited ones. decline_per_year = 0 (the default) changes
// nothing.
#include <cmath>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class JointPublicationDecline final : public Instrument {
 public:
  explicit JointPublicationDecline(const scenario::PolicyBlock& b)
      : decline_(b.values.at("decline_per_year")), start_(b.start_year) {}
  void apply(int year, model::Levers& lev, model::Simulation&) override {
    if (decline_ == 0) return;
    lev.tie_cut = 1 - (1 - lev.tie_cut) * (1 - decline_);
    lev.tie_formation_level *= std::pow(1 - decline_, double(year - start_ + 1));
  }

 private:
  double decline_;
  int start_;
};
}  // namespace

const Module& joint_publication_decline_module() {
  static const Module m{
      {"joint_publication_decline",
       BlockKind::Shock,
       "Cuts a share of researchers' foreign ties every year and slows the forming of new ones, "
       "compounding from the start year (national); co-authorship and the collaboration channel follow the ties.",
       "Brief 002 (Cao): joint publications started to decline in 2020; brief 001 (Groenewegen-Lau)",
       {
           {"decline_per_year", "fraction per year", 0, 0, 0.5,
            "share of foreign ties cut each year; new ties form that much more slowly, compounding"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<JointPublicationDecline>(b);
      }};
  return m;
}

}  // namespace nisim::policy
