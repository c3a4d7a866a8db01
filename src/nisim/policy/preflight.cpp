#include <nisim/policy/preflight.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/model/areas.hpp>
#include <nisim/model/params.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/model/targets.hpp>
#include <nisim/output/select.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {

using scenario::ScenarioError;
using scenario::SourceLocation;

SourceLocation file_of(const scenario::Scenario& sc) { return {sc.file.string(), 0, 0}; }

/// Builds every block's instrument once; the constructors hold the instruments' own checks.
void check_blocks(const scenario::Scenario& sc) {
  for (const auto& block : sc.policies) {
    const Module* mod = nullptr;
    for (const auto& m : modules())
      if (m.spec.name == block.name && m.spec.kind == block.kind) mod = &m;
    if (!mod) throw ScenarioError(block.where, block.name, "no module registered for this name");
    (void)mod->make(block, model::default_tech_areas());
  }
}

void check_user_cost(const scenario::Scenario& sc) {
  // Year by year as the model sets it (model/money.cpp): the period's baseline rate,
  // then each tax_incentives block in force adds its extra deduction, within the
  // instrument's cap.
  const double cit = sc.param("cit_rate");
  for (int year = sc.run.start_year; year <= sc.run.end_year; ++year) {
    const char* period = year >= 2021 ? "super_deduction_2021" : year >= 2018 ? "super_deduction_2018" : "super_deduction_2010";
    double d = sc.param(period);
    bool by_blocks = false;
    for (const auto& b : sc.policies)
      if (b.kind == BlockKind::Instrument && b.name == "tax_incentives" && year >= b.start_year && year <= b.end_year &&
          b.values.at("extra_deduction") != 0) {
        d = std::clamp(d + b.values.at("extra_deduction"), 0.0, kMaxSuperDeduction);
        by_blocks = true;
      }
    const double uc = 1 - cit * (1 + d);
    if (!(uc > 0))
      throw ScenarioError(
          file_of(sc), fmt::format("params.cit_rate, params.{}", period),
          fmt::format("in {} the user cost of R&D 1 - cit_rate * (1 + deduction) = 1 - {} * (1 + {}) = {:.4g} is not "
                      "above 0{}: R&D would cost firms nothing and their budgets would be unbounded; expected cit_rate "
                      "* (1 + deduction) < 1 (lower cit_rate or the deduction)",
                      year, cit, d, uc, by_blocks ? " (with the extra_deduction of tax_incentives blocks)" : ""));
  }
}

void check_scale(const scenario::Scenario& sc) {
  for (const char* n : {"universities_2010", "institutes_2010", "firms_2010"}) {
    const double national = sc.param(n);
    if (sc.run.scale * national < 1)
      throw ScenarioError(
          file_of(sc), fmt::format("run.scale, params.{}", n),
          fmt::format("scale {} with {} = {} (at scale 1) leaves that population empty ({:.3g} expected agents); "
                      "expected scale x {} >= 1, so a scale of at least {:.3g} here",
                      sc.run.scale, n, national, sc.run.scale * national, n, minimum_scale(sc)));
  }
}

void check_indicators(const scenario::Scenario& sc) {
  if (sc.outputs.indicators.empty()) return;
  // The names come from a throwaway simulation at a small scale: indicator names do not
  // depend on the scale, and this costs milliseconds.
  const model::RunPlan plan{sc.run.seed, std::max(minimum_scale(sc), std::min(sc.run.scale, 0.002)), sc.run.start_year,
                            sc.run.start_year};
  model::Simulation sim(sc, plan);
  std::vector<output::IndicatorRow> rows;
  for (auto& n : sim.indicator_names()) rows.push_back({plan.start_year, std::move(n), 0.0});
  try {
    (void)output::select_indicators(rows, sc.outputs.indicators);
  } catch (const std::invalid_argument& e) {
    std::string m = e.what();
    const std::string prefix = "[outputs].indicators: ";  // the key is named by the error itself
    if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
    throw ScenarioError(sc.indicators_where.file.empty() ? file_of(sc) : sc.indicators_where, "outputs.indicators", m);
  }
}

}  // namespace

double minimum_scale(const scenario::Scenario& sc) {
  double lo = 0;
  for (const char* n : {"universities_2010", "institutes_2010", "firms_2010"}) lo = std::max(lo, 1.0 / sc.param(n));
  return lo;
}

void preflight(const scenario::Scenario& sc) {
  model::validate_targets(sc);
  (void)model::Params::from_map(sc.params);
  check_blocks(sc);
  check_user_cost(sc);
  check_scale(sc);
  check_indicators(sc);
}

std::size_t estimated_run_bytes(const scenario::Scenario& sc) {
  // Fitted to the peak RSS of baseline runs to 2035 (GCC 12, Release, 2 threads,
  // 2026-12-02, with teams and holdings): 54 MB at scale 0.01, 216 MB at 0.05, 408 MB at
  // 0.1, 599 MB at 0.2, 1.59 GB at 1.0. Memory grows less than in proportion to the
  // scale (the sampling floors of small scales, bench/README.md), as about scale^0.6 from
  // 0.05 to 1.0; the estimate over-states scale 0.01 (100 MB), which no machine refuses.
  // After 2035 memory grows about 3.8% per simulated year as the research workforce
  // follows GDP (1.05 GB at 0.1 to 2060, 578 MB at 0.01 to 2100, same day).
  constexpr double kAtScale1In2035 = 1.59e9, kScaleExponent = 0.6, kGrowthPerYear = 0.038;
  const double horizon = std::exp(kGrowthPerYear * double(std::max(sc.run.end_year, 2020) - 2035));
  return std::size_t(kAtScale1In2035 * std::pow(sc.run.scale, kScaleExponent) * horizon);
}

std::size_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? std::size_t(pages) * std::size_t(size) : 0;
}

std::string gib_text(std::size_t bytes) {
  const double g = double(bytes) / double(1ull << 30);
  return g >= 10 ? fmt::format("{:.0f} GiB", g) : fmt::format("{:.1f} GiB", g);
}

}  // namespace nisim::policy
