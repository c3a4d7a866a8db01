// Entity listings (MODEL.md section 5, shocks): named organisations put on the US
// Department of Commerce's Entity List.
// Source: brief 002 (Cao): "The United States has levied harsh sanctions against Chinese
// enterprises and universities by putting them on the Department of Commerce's Entity List
// to restrict their access to the advanced technology, knowhow, and components"; brief 004
// (Naughton): "the serious sanctions imposed against Huawei in 2019"; brief 000 (SCSP).
// What it does in the model: in its first year in force, lists the largest firms (by
// sales) of the target actor kinds (default: supply-chain architects and SOEs) in the
// target areas and regions: the `share` of them, rounded to the nearest firm. Listed firms
// lose a fraction `productivity_hit` of their productivity once (cut off from components
// and know-how), through Simulation::employers_mut().productivity — the mutable
// access the Simulation documents for instruments that act on firms directly (entity
// listings). Productivity feeds the firms' sales growth and exit hazard. Every year in
// force, the target areas' commercial access channels (imports, licences, JV, FDI) are cut
// by at least `access_cut` (Levers::access_cut, the same lever as the export controls),
// which also raises firms' desired R&D intensity there (substitution push).
// Honours `areas` (default all), `regions` (default all) and `actors` (firm kinds; default
// architect and soe; knowledge organisations named in `actors` are ignored: they have no
// sales).
// Expected effect: capability down in the target areas; listed firms shrink; firms' R&D
// intensity up in the target areas (substitution). share = 0 and access_cut = 0 (the
// defaults) change nothing.
// Limitation: the TFP indicator accumulates firms' yearly productivity growth in year_end
// only, so the one-off productivity loss does not show in tfp_growth_pct / tfp_index;
// TFP moves only indirectly (through outputs and capability).
#include <algorithm>
#include <array>
#include <cmath>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class EntityListing final : public Instrument {
 public:
  EntityListing(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : share_(b.values.at("share")), hit_(b.values.at("productivity_hit")), cut_(b.values.at("access_cut")),
        areas_(target_areas(b, areas)), in_area_(areas.size(), 0) {
    for (auto a : areas_) in_area_[a] = 1;
    kinds_.fill(0);
    if (b.actors.empty()) {
      kinds_[int(model::EmployerKind::Architect)] = kinds_[int(model::EmployerKind::Soe)] = 1;
    } else {
      for (const auto& name : b.actors)
        for (int k = 0; k < model::kEmployerKinds; ++k)
          if (model::kEmployerKindNames[std::size_t(k)] == name) kinds_[std::size_t(k)] = 1;
    }
    regions_ = target_regions(b);
  }

  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    if (!listed_) {
      listed_ = true;
      if (share_ > 0 && hit_ > 0) list_firms(sim);
    }
    if (cut_ > 0)
      for (auto a : areas_) lev.access_cut[a] = std::max(lev.access_cut[a], cut_);
  }

 private:
  void list_firms(model::Simulation& sim) {
    auto& emp = sim.employers_mut();
    std::vector<std::uint32_t> cand;
    for (std::uint32_t e = 0; e < emp.size(); ++e) {
      const auto kind = model::EmployerKind(emp.kind[e]);
      if (model::is_firm(kind) && kinds_[emp.kind[e]] && in_area_[emp.area[e]] && regions_[emp.region[e]])
        cand.push_back(e);
    }
    // Largest sales first; ties broken by the never-reused serial, so the list does not
    // depend on the storage order.
    std::sort(cand.begin(), cand.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (emp.sales[a] != emp.sales[b]) return emp.sales[a] > emp.sales[b];
      return emp.ids.serial_at(a) < emp.ids.serial_at(b);
    });
    const auto n = std::min(cand.size(), std::size_t(std::llround(share_ * double(cand.size()))));
    for (std::size_t i = 0; i < n; ++i) emp.productivity[cand[i]] *= 1 - hit_;
  }

  double share_, hit_, cut_;
  std::vector<std::size_t> areas_;
  std::vector<std::uint8_t> in_area_;
  std::array<std::uint8_t, model::kEmployerKinds> kinds_{};
  std::array<bool, model::kRegions> regions_{};
  bool listed_ = false;
};
}  // namespace

const Module& entity_listing_module() {
  static const Module m{
      {"entity_listing",
       BlockKind::Shock,
       "Lists the largest firms (by sales) of the target kinds (default architects and SOEs) in the target "
       "areas and regions in its first year: they lose part of their productivity once; the target areas' "
       "commercial access channels are cut while in force.",
       "Brief 002 (Cao): the Department of Commerce's Entity List; brief 004 (Naughton): the sanctions against "
       "Huawei in 2019; brief 000 (SCSP)",
       {
           {"share", "fraction", 0, 0, 1, "share of the target firms listed, largest sales first"},
           {"productivity_hit", "fraction", 0, 0, 0.9, "one-off loss of productivity of each listed firm"},
           {"access_cut", "fraction", 0, 0, 1,
            "share of the import/licence/JV/FDI access cut in the target areas while in force (at least)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<EntityListing>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
