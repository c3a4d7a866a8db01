// Supply-chain architects, lianzhu 链主 (MODEL.md section 5, "supply-chain architects").
// Source: brief 004 (Naughton): "China today seeks to systematically upgrade large domestic
// firms to enhance their ability to serve as supply chain architects. Indeed, the role of
// lead firms in the innovation consortia described earlier is closely related to the
// promotion of supply chain architects"; "If specialized suppliers successfully
// proliferate, their transactions with assembly and manufacturing firms will be structured
// by supply chain architects."
//
// What it does in the model:
// - coordination: the lead firm brings its suppliers into its chain: this share of the
//   target areas' firms joins the area's consortium (Levers::consortium_share for firms;
//   members are at distance 1), combined with memberships set by other blocks,
//   p = 1 - (1 - p)(1 - c).
// - designation_share: once, in the first year in force, each private firm in the target
//   areas is designated an architect with this probability (Simulation::convert_employers,
//   Private -> Architect; architects spend more of their sales on R&D, params nu_architect).
//   The draw does not look at firm size (the model's conversion has no size filter).
// Targets honoured: `areas` (both). `regions` and `actors` are ignored.
// Defaults (0, 0) leave the baseline untouched.
// Expected direction: gap-2 conversion (engineering achievement -> product) rises in the
// target areas.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kSaltDesignation = 0x0804;

class SupplyChainArchitects final : public Instrument {
 public:
  SupplyChainArchitects(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : coordination_(b.values.at("coordination")), designation_(b.values.at("designation_share")),
        areas_(target_areas(b, areas)) {}
  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    if (!designated_) {
      designated_ = true;
      if (designation_ > 0)
        sim.convert_employers(model::EmployerKind::Private, model::EmployerKind::Architect, designation_,
                              kSaltDesignation, areas_);
    }
    if (coordination_ > 0)
      for (auto a : areas_)
        join_consortium(lev.consortium_share[a][std::size_t(model::ProducerClass::Firm)], coordination_);
  }

 private:
  double coordination_, designation_;
  std::vector<std::size_t> areas_;
  bool designated_ = false;
};
}  // namespace

const Module& supply_chain_architects_module() {
  static const Module m{
      {"supply_chain_architects",
       BlockKind::Instrument,
       "Lead firms bring their suppliers into their chain: a share of the target areas' firms joins the "
       "area's consortium (members are at distance 1 from each other); once, a share of private firms in "
       "those areas is designated as architects (higher R&D intensity).",
       "Brief 004 (Naughton): supply chain architects (链主), lead firms of innovation consortia, the "
       "mirror image of the Little Giants programme",
       {
           {"coordination", "fraction", 0, 0, 1,
            "share of the target areas' firms that join the area's consortium (the architect's chain)"},
           {"designation_share", "fraction", 0, 0, 1,
            "share of private firms in the target areas designated as architects, once in the first year"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<SupplyChainArchitects>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
