// The small interface every policy instrument and shock implements (ENGINEERING.md,
// principle 4). An instrument is configured once from its validated scenario block and
// then, every January while it is in force, adjusts the model's levers (and, rarely, the
// state). It acts only through the model's mechanisms: funding, incentives, distance,
// capability and access — never by writing an indicator.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <vector>

#include <nisim/model/areas.hpp>
#include <nisim/model/levers.hpp>
#include <nisim/policy/catalog.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::model { class Simulation; }

namespace nisim::policy {

class Instrument {
 public:
  virtual ~Instrument() = default;
  /// Called every January of a year in [block.start_year, block.end_year], after the
  /// baseline levers are set and before budgets are allocated.
  virtual void apply(int year, model::Levers& levers, model::Simulation& sim) = 0;
};

/// Builds an instrument from its block; `areas` resolves area targets to indices.
using Factory = std::function<std::unique_ptr<Instrument>(const scenario::PolicyBlock&,
                                                          const std::vector<model::TechArea>&)>;

/// One registered module: its documentation (keys, units, ranges) and its factory.
struct Module {
  InstrumentSpec spec;
  Factory make;
};

/// Every registered module (policy/registry.cpp lists them).
const std::vector<Module>& modules();

/// Indices of the block's target areas (all areas if the block names none).
/// Throws scenario::ScenarioError naming the block's location for an unknown area id.
std::vector<std::size_t> target_areas(const scenario::PolicyBlock& block,
                                      const std::vector<model::TechArea>& areas);

/// Which regions the block targets, indexed like model::kRegionNames (all if it names
/// none). Region names are validated by the scenario loader.
std::array<bool, model::kRegions> target_regions(const scenario::PolicyBlock& block);

/// Adds an independent membership share c to the share p already set by other blocks:
/// p = 1 - (1 - p)(1 - c) (two blocks of 0.5 leave a quarter outside). c <= 0 changes nothing.
inline void join_consortium(double& p, double c) {
  if (c > 0) p = 1 - (1 - p) * (1 - c);
}

/// Instantiates every [[policy]] and [[shock]] block of the scenario and installs them
/// as the simulation's lever hook (applied in file order, each only in its years).
void attach_policies(const scenario::Scenario& scenario, model::Simulation& sim);

}  // namespace nisim::policy
