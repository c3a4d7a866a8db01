// Clusters and zones (MODEL.md section 5, "clusters and zones").
// Source: brief 004 (Naughton), "Building Bridges Through Zones and Clusters": "place firms
// and research institutes in immediate proximity to each other, which encourages
// interactions among employees, technicians, and scientists"; "Shanghai is currently
// building a remarkable 53 specialized industrial parks"; "Existing Hi-Tech Development
// Zones are being reinforced".
//
// What it does in the model (MECHANICS.md section 4: clusters work by lowering the distance
// d): `proximity` is added to the share of the target regions' organisations that sit in
// the region's cluster (Levers::cluster_bonus; the model caps the share at 1). Two
// organisations in the same cluster are at distance 2 instead of 3 (same region).
// Targets honoured: `regions` (all regions if none named). `areas` and `actors` are ignored
// (the lever is per region; parks' sectoral focus is not represented).
// Default (proximity 0) leaves the baseline untouched.
// Expected direction: gap-1 and gap-2 conversion rise in the target regions.
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class ClustersAndZones final : public Instrument {
 public:
  explicit ClustersAndZones(const scenario::PolicyBlock& b)
      : proximity_(b.values.at("proximity")), in_(target_regions(b)) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    for (std::size_t r = 0; r < std::size_t(model::kRegions); ++r)
      if (in_[r]) lev.cluster_bonus[r] += proximity_;
  }

 private:
  double proximity_;
  std::array<bool, model::kRegions> in_{};
};
}  // namespace

const Module& clusters_and_zones_module() {
  static const Module m{
      {"clusters_and_zones",
       BlockKind::Instrument,
       "Co-location of firms and institutes in parks and zones: adds to the share of the target regions' "
       "organisations that sit in the region's cluster (distance 2 between them instead of 3).",
       "Brief 004 (Naughton): zones and clusters, Shanghai's 53 specialised industrial parks, Hi-Tech "
       "Development Zones",
       {
           {"proximity", "fraction", 0, 0, 1, "added to the share of the target regions' organisations sitting in the region's cluster"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<ClustersAndZones>(b);
      }};
  return m;
}

}  // namespace nisim::policy
