// Scale robustness (issue 10, point 7): national indicators do not depend on how many
// agents stand for the real population. Scale 0.01 (mean of 8 seeds) against scale 0.1
// (mean of 2 seeds), 2010-2016 in CI (about 25 s); the full comparison, 2010-2035, is
// `bash scripts/scale_check.sh`, and its figures are in docs/model.md ("Sampling").
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

#include "../policy/direction.hpp"

namespace nisim::test_support {
namespace {

// Mean over seeds 1..n of every indicator in every year, baseline as users run it.
std::map<std::string, std::map<int, double>> means(double scale, int n, int until) {
  const auto sc = scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml");
  engine::ThreadScope threads(2);
  std::map<std::string, std::map<int, double>> out;
  for (int seed = 1; seed <= n; ++seed) {
    model::Simulation sim(sc, model::RunPlan{std::uint64_t(seed), scale, 2010, until});
    policy::attach_policies(sc, sim);
    sim.run();
    for (const auto& r : sim.indicators()) out[r.indicator][r.year] += r.value / n;
  }
  return out;
}

TEST(ScaleRobustness, NationalIndicatorsAgreeAtScales001And01) {
  if (sanitizer_run()) GTEST_SKIP() << "ensembles at scale 0.1 are left to the Release suite";
  const int until = 2016;
  const auto small = means(0.01, 8, until), large = means(0.1, 2, until);
  // Bands: what the model meets today (docs/model.md, "Sampling"); the target is
  // 3% for every national indicator. Capability misses it: the areas with fewer than one
  // expected firm agent at scale 0.01 have almost no researchers there.
  const std::map<std::string, double> band = {
      {"gerd_cny_bn", 0.03},           {"rd_intensity_pct", 0.03},
      {"rd_personnel_fte_10k", 0.03},  {"papers", 0.03},
      {"invention_patent_grants_domestic", 0.05}, {"pct_applications", 0.05},
      {"tfp_index", 0.01},             {"capability_mean", 0.10}};
  for (const auto& [name, tolerance] : band)
    for (int year = 2010; year <= until; ++year) {
      const double a = small.at(name).at(year), b = large.at(name).at(year);
      EXPECT_NEAR(b / a, 1.0, tolerance) << name << " " << year << ": scale 0.01 " << a << ", scale 0.1 " << b;
    }
}

}  // namespace
}  // namespace nisim::test_support
