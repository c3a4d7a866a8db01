// Innovation associations (MODEL.md section 5, "innovation associations").
// Source: brief 001 (Groenewegen-Lau): "local governments organize 'innovation
// associations' (创新联合体) where companies are paired with universities and labs to tackle
// technological needs".
//
// What it does in the model (MECHANICS.md section 4: associations work by membership, which
// lowers the distance d): `pairing` is the share of the target regions' organisations
// (firms, universities, labs, institutes) that join the region's association
// (Levers::association_share, combined with other blocks as p = 1 - (1 - p)(1 - c));
// members of one region's association are at distance 1 from each other in every area.
// Targets honoured: `regions` (all regions if none named). `areas` and `actors` are ignored
// (the lever is per region).
// Default (pairing 0) leaves the baseline untouched.
// Expected direction: gap-1 and gap-2 conversion rise in the target regions, and with them
// engineering achievements (applied outputs plus discoveries taken up by engineering).
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class InnovationAssociations final : public Instrument {
 public:
  explicit InnovationAssociations(const scenario::PolicyBlock& b)
      : pairing_(b.values.at("pairing")), in_(target_regions(b)) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    for (std::size_t r = 0; r < std::size_t(model::kRegions); ++r)
      if (in_[r]) join_consortium(lev.association_share[r], pairing_);
  }

 private:
  double pairing_;
  std::array<bool, model::kRegions> in_{};
};
}  // namespace

const Module& innovation_associations_module() {
  static const Module m{
      {"innovation_associations",
       BlockKind::Instrument,
       "Local pairing of firms with universities and labs: a share of the target regions' organisations "
       "joins the region's association, whose members are at distance 1 from each other.",
       "Brief 001 (Groenewegen-Lau): 'innovation associations' where 'companies are paired with "
       "universities and labs'",
       {
           {"pairing", "fraction", 0, 0, 1,
            "share of the target regions' organisations in the region's innovation association"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<InnovationAssociations>(b);
      }};
  return m;
}

}  // namespace nisim::policy
