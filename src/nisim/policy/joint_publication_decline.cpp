// Falling joint publications (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "China and the United States had been each other's primary
// scientific collaborators for decades, but joint publications started to decline in
// 2020"; "Foreign scientists have become reluctant to collaborate with their Chinese
// counterparts". Brief 001 (Groenewegen-Lau): "Joint publications between U.S. and
// Chinese researchers are already declining."
// What it does in the model: multiplies the co-authorship probability
// (Levers::coauthor_level) by (1 - decline_per_year)^(year - start + 1) each year in
// force: a fall compounding from the block's start year, on top of the baseline's own
// decline from 2020 (params.collaboration_decline). It acts on co-authorship only, not on
// the collaboration access channel (end_of_st_agreement does both). National: area,
// region and actor targets are not used.
// Expected effect: intl_coauthored_share_pct down, more each year. decline_per_year = 0
// (the default) changes nothing.
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
    lev.coauthor_level *= std::pow(1 - decline_, double(year - start_ + 1));
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
       "Lowers the probability of co-authorship abroad by a yearly rate compounding from the start year "
       "(national; the collaboration access channel is not touched).",
       "Brief 002 (Cao): joint publications started to decline in 2020; brief 001 (Groenewegen-Lau)",
       {
           {"decline_per_year", "fraction per year", 0, 0, 0.5,
            "yearly fall of the co-authorship probability, compounding from the start year"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<JointPublicationDecline>(b);
      }};
  return m;
}

}  // namespace nisim::policy
