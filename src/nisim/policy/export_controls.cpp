// Export-control batches (MODEL.md section 5, shocks).
// Source: brief 003 and brief 001: the 2019 entity listings, the October 2022 controls on
// advanced computing and chip-making equipment, the October 2023 update.
// Expected effect: lower capability growth in the targeted areas (less foreign access),
// higher domestic R&D effort there (substitution).
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class ExportControls final : public Instrument {
 public:
  ExportControls(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : cut_(b.values.at("access_cut")), areas_(target_areas(b, areas)) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    for (auto a : areas_) lev.access_cut[a] = std::max(lev.access_cut[a], cut_);
  }

 private:
  double cut_;
  std::vector<std::size_t> areas_;
};
}  // namespace

const Module& export_controls_module() {
  static const Module m{
      {"export_controls",
       BlockKind::Shock,
       "Cuts the import, licence, joint-venture and FDI channels of access to the frontier in the "
       "target areas (all areas if none are named).",
       "Briefs 001 and 003: 2019 entity listings, October 2022 and October 2023 controls",
       {
           {"access_cut", "fraction", 0.5, 0, 1, "share of the four commercial access channels cut"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<ExportControls>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
