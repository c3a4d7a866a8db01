// Stylised facts any credible innovation model reproduces (MODEL.md section 7): skewed
// firm sizes and persistent productivity differences between firms, emerging from the
// rules rather than imposed on every date.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::model {
namespace {

scenario::Scenario baseline() {
  return scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml");
}

void run_until_year_end(Simulation& sim, int year) {
  while (!sim.done() && sim.current_year() <= year) sim.step();
}

TEST(StylisedFacts, FirmSizesAreSkewed) {
  engine::ThreadScope threads(2);
  Simulation sim(baseline(), RunPlan{11, 0.01, 2010, 2020});
  run_until_year_end(sim, 2019);
  std::vector<double> sales;
  const auto& e = sim.employers();
  for (std::size_t i = 0; i < e.size(); ++i)
    if (is_firm(EmployerKind(e.kind[i]))) sales.push_back(e.sales[i]);
  ASSERT_GT(sales.size(), 100u);
  std::sort(sales.begin(), sales.end(), std::greater<>());
  const double total = std::accumulate(sales.begin(), sales.end(), 0.0);
  const double top = std::accumulate(sales.begin(), sales.begin() + long(sales.size() / 20), 0.0);
  const double mean = total / double(sales.size());
  const double median = sales[sales.size() / 2];
  EXPECT_GT(mean, 2 * median) << "mean " << mean << " median " << median;
  EXPECT_GT(top / total, 0.3) << "the largest 5% of firms should hold well over 5% of sales";
}

TEST(StylisedFacts, ProductivityDifferencesPersist) {
  engine::ThreadScope threads(2);
  Simulation sim(baseline(), RunPlan{12, 0.01, 2010, 2022});
  run_until_year_end(sim, 2012);
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> early;
  const auto& e = sim.employers();
  for (std::uint32_t i = 0; i < e.size(); ++i)
    if (is_firm(EmployerKind(e.kind[i]))) {
      const auto id = e.ids.id_at(i);
      early[{id.index, id.generation}] = std::log(e.productivity[i]);
    }
  run_until_year_end(sim, 2020);
  std::vector<double> x, y;
  for (std::uint32_t i = 0; i < e.size(); ++i) {
    if (!is_firm(EmployerKind(e.kind[i]))) continue;
    const auto id = e.ids.id_at(i);
    auto it = early.find({id.index, id.generation});
    if (it == early.end()) continue;
    x.push_back(it->second);
    y.push_back(std::log(e.productivity[i]));
  }
  ASSERT_GT(x.size(), 50u);
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / double(y.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  ASSERT_GT(sxx, 0) << "firms should differ in productivity by 2012";
  ASSERT_GT(syy, 0);
  const double corr = sxy / std::sqrt(sxx * syy);
  EXPECT_GT(corr, 0.5) << "log productivity 2012 vs 2020 across surviving firms";
}

}  // namespace
}  // namespace nisim::model
