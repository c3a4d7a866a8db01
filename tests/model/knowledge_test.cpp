// Knowledge held by organisations (src/nisim/model/knowledge.cpp): every employer holds
// stocks in the areas it works in, the first year is a steady state, and stocks move
// capability only through the organisations that hold them.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::model {
namespace {

scenario::Scenario baseline(const std::vector<std::string>& sets = {}) {
  return scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml", sets);
}

TEST(Knowledge, EveryEmployerHoldsOneStockPerAreaItWorksIn) {
  const auto sc = baseline();
  Simulation sim(sc, RunPlan{1, 0.01, 2010, 2011});
  for (int t = 0; t < 14; ++t) sim.step();  // into the second year, after a rebuild
  const auto& e = sim.employers();
  const auto& h = sim.holdings();
  const std::size_t A = sim.areas().size();
  std::size_t expected = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    const bool firm = is_firm(EmployerKind(e.kind[i]));
    expected += firm ? 1 : A;
    ASSERT_NE(e.hold_first[i], kNoHolding);
    EXPECT_EQ(h.emp[e.hold_first[i]], i);
    if (firm) EXPECT_EQ(h.area[e.hold_first[i]], e.area[i]);
  }
  EXPECT_EQ(h.size(), expected);
  // Heads by holding add up to the employers' headcounts; stocks are finite and >= 0.
  std::vector<std::uint64_t> heads(e.size(), 0);
  for (std::size_t k = 0; k < h.size(); ++k) {
    heads[h.emp[k]] += std::uint64_t(h.heads[k][0]) + h.heads[k][1] + h.heads[k][2];
    for (double s : h.stock[k]) {
      EXPECT_TRUE(std::isfinite(s));
      EXPECT_GE(s, 0.0);
    }
    EXPECT_GE(h.absorb[k], 0.0);
    EXPECT_LE(h.absorb[k], 1.0);
  }
  for (std::size_t i = 0; i < e.size(); ++i) EXPECT_EQ(heads[i], e.headcount[i]) << "employer " << i;
}

TEST(Knowledge, TheFirstYearIsASteadyStateAtTheStartingCapability) {
  // The perpetual-inventory start sets every stock so that capability at the end of the
  // first year is the area's starting ratio (data/tech_areas.csv).
  const auto sc = baseline();
  Simulation sim(sc, RunPlan{3, 0.01, 2010, 2011});
  for (int t = 0; t < 12; ++t) sim.step();
  for (std::size_t a = 0; a < sim.areas().size(); ++a)
    EXPECT_NEAR(sim.capability()[a], sim.areas()[a].initial_capability, 1e-9) << sim.areas()[a].id;
  for (int t = 0; t < 12; ++t) sim.step();
  double moved = 0;
  for (std::size_t a = 0; a < sim.areas().size(); ++a)
    moved += std::abs(sim.capability()[a] - sim.areas()[a].initial_capability);
  EXPECT_GT(moved, 0.01) << "capability must move once the stocks follow the flows";
}

TEST(Knowledge, StocksAreCarriedOverWhenEmployersComeAndGo) {
  // Across the January rebuild (entry, exit, hiring), a surviving firm keeps its stock
  // but for one month of depreciation and inflow.
  const auto sc = baseline();
  Simulation sim(sc, RunPlan{5, 0.01, 2010, 2012});
  for (int t = 0; t < 23; ++t) sim.step();  // December of the second year
  const auto& e = sim.employers();
  std::vector<std::pair<std::uint32_t, double>> before;  // serial, stock
  for (std::size_t i = 0; i < e.size(); ++i)
    if (is_firm(EmployerKind(e.kind[i]))) {
      const auto& s = sim.holdings().stock[e.hold_first[i]];
      before.emplace_back(e.ids.serial_at(std::uint32_t(i)), s[0] + s[1] + s[2]);
    }
  sim.step();  // January: entry, exit, rebuild, then one month
  std::size_t matched = 0;
  for (auto [serial, k] : before)
    for (std::size_t i = 0; i < e.size(); ++i)
      if (e.ids.serial_at(std::uint32_t(i)) == serial) {
        const auto& s = sim.holdings().stock[e.hold_first[i]];
        const double now = s[0] + s[1] + s[2];
        EXPECT_GE(now, k * (1 - sim.params().knowledge_depreciation / 12) * (1 - 1e-12)) << "serial " << serial;
        ++matched;
        break;
      }
  EXPECT_GT(matched, before.size() / 2);
}

}  // namespace
}  // namespace nisim::model
