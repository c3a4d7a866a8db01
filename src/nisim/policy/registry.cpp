// The list of instrument and shock modules. Adding a module: write its file (spec +
// factory) and add one line here.
#include <nisim/policy/instrument.hpp>

#include <fmt/format.h>

#include <nisim/model/simulation.hpp>
#include <nisim/scenario/parameters.hpp>

namespace nisim::policy {

// The modules come in groups, each listed in its own file (registry_*.cpp), so that
// modules can be added in parallel without touching each other's lists.
std::vector<Module> modules_money();
std::vector<Module> modules_organisation();
std::vector<Module> modules_world();

const std::vector<Module>& modules() {
  static const std::vector<Module> list = [] {
    std::vector<Module> all;
    for (auto group : {modules_money(), modules_organisation(), modules_world()})
      for (auto& m : group) all.push_back(std::move(m));
    return all;
  }();
  return list;
}

std::vector<std::size_t> target_areas(const scenario::PolicyBlock& block,
                                      const std::vector<model::TechArea>& areas) {
  std::vector<std::size_t> out;
  if (block.areas.empty()) {
    for (std::size_t a = 0; a < areas.size(); ++a) out.push_back(a);
    return out;
  }
  std::vector<std::string> ids;
  for (const auto& a : areas) ids.push_back(a.id);
  for (const auto& want : block.areas) {
    auto it = std::find(ids.begin(), ids.end(), want);
    if (it == ids.end()) {
      auto hints = scenario::suggest(want, ids);
      throw scenario::ScenarioError(
          block.areas_where.file.empty() ? block.where : block.areas_where, block.name + ".areas",
          fmt::format("unknown technology area '{}' (the ids are in data/tech_areas.csv){}", want,
                      hints.empty() ? "" : fmt::format(" (did you mean '{}'?)", hints.front())));
    }
    out.push_back(std::size_t(it - ids.begin()));
  }
  return out;
}

std::array<bool, model::kRegions> target_regions(const scenario::PolicyBlock& block) {
  std::array<bool, model::kRegions> in{};
  for (std::size_t r = 0; r < in.size(); ++r)
    in[r] = block.regions.empty() ||
            std::find(block.regions.begin(), block.regions.end(), model::kRegionNames[r]) != block.regions.end();
  return in;
}

void attach_policies(const scenario::Scenario& sc, model::Simulation& sim) {
  struct Active {
    int start, end;
    std::unique_ptr<Instrument> inst;
  };
  auto active = std::make_shared<std::vector<Active>>();
  for (const auto& block : sc.policies) {
    const Module* mod = nullptr;
    for (const auto& m : modules())
      if (m.spec.name == block.name && m.spec.kind == block.kind) mod = &m;
    if (!mod) throw scenario::ScenarioError(block.where, block.name, "no module registered for this name");
    active->push_back({block.start_year, block.end_year, mod->make(block, sim.areas())});
  }
  if (active->empty()) return;
  sim.set_lever_hook([active](int year, model::Levers& lev, model::Simulation& s) {
    for (auto& a : *active)
      if (year >= a.start && year <= a.end) a.inst->apply(year, lev, s);
  });
}

}  // namespace nisim::policy
