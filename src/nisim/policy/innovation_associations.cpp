// Innovation associations (MODEL.md section 5, "innovation associations").
// Source: brief 001 (Groenewegen-Lau): "local governments organize 'innovation
// associations' (创新联合体) where companies are paired with universities and labs to tackle
// technological needs".
//
// What it does in the model (MECHANICS.md section 4: associations work by lowering the
// distance d): a local pairing puts the first user of an output at distance 0 (a paired
// partner works on it directly, like an in-house user): `pairing` is added to the in-house /
// paired user probability of every producer in the target regions (Levers::inhouse_bonus;
// the model caps the sum at 1).
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
      if (in_[r]) lev.inhouse_bonus[r] += pairing_;
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
       "Local pairing of firms with universities and labs: adds to the probability that an output's first "
       "user is a paired partner working on it directly (distance 0), in the target regions.",
       "Brief 001 (Groenewegen-Lau): 'innovation associations' where 'companies are paired with "
       "universities and labs'",
       {
           {"pairing", "probability", 0, 0, 1,
            "added to the in-house / paired user probability of producers in the target regions"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<InnovationAssociations>(b);
      }};
  return m;
}

}  // namespace nisim::policy
