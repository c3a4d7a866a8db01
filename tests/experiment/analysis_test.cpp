// Sensitivity analysis of a sweep folder: outputs averaged over replications, failed
// points dropped, and requests that cannot be answered refused.
#include <nisim/experiment/analysis.hpp>

#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include <nisim/experiment/experiment.hpp>
#include <nisim/experiment/store.hpp>

#include "../output/temp_dir.hpp"

namespace nisim::experiment {
namespace {

using test_support::TempDir;

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

void run_sweep(const std::filesystem::path& out, Design d, int replications) {
  ExperimentSetup s;
  s.base = scenario::load_scenario(kBaseline, {"run.end_year=2011"});
  s.plan = sweep_plan(std::move(d), replications, 4);
  ExperimentOptions o;
  o.out = out;
  o.progress = output::ProgressMode::None;
  o.threads = 1;
  run_experiment(s, o, MpiSession::get());
}

TEST(Analysis, MorrisOfASweepUsesTheMeanOverReplications) {
  TempDir dir;
  // gov_to_firms is read from the first year; super_deduction_2021 only from 2021.
  const std::vector<ParamRange> p = {{"gov_to_firms", 0.02, 0.1, false, false},
                                     {"super_deduction_2021", 0.5, 2, false, false}};
  run_sweep(dir / "m", morris(p, 3, 4, 8), 2);
  SensitivityRequest q{dir / "m", "morris", "gerd_enterprise_source_share_pct", 2011};
  const auto rep = analyse_sensitivity(q);
  ASSERT_EQ(rep.points, 9u);
  EXPECT_EQ(rep.points_missing, 0u);
  const auto& r = std::get<MorrisResult>(rep.result);
  EXPECT_EQ(r.trajectories_used, 3);
  EXPECT_GT(r.indices[0].mu_star, 0.0);
  EXPECT_EQ(r.indices[1].mu_star, 0.0);
  EXPECT_EQ(rep.csv.substr(0, rep.csv.find('\n')), "parameter,mu,mu_star,sigma,mu_star_conf");

  // The same analysis from the stored values averaged by hand: (run 2p + run 2p+1) / 2.
  const auto meta = read_experiment_meta(dir / "m");
  const auto plan = plan_from_json(meta.at("plan"));
  ExperimentStore store(dir / "m" / "results.sqlite", ExperimentStore::Mode::ReadOnly);
  const auto v = store.values_of("gerd_enterprise_source_share_pct", 2011);
  ASSERT_EQ(v.size(), 18u);
  std::vector<double> y(9);
  for (std::size_t p2 = 0; p2 < 9; ++p2) y[p2] = (v[2 * p2].second + v[2 * p2 + 1].second) / 2;
  const auto by_hand = morris_indices(plan.design, y, q.seed);
  EXPECT_EQ(by_hand.indices[0].mu, r.indices[0].mu);
  EXPECT_EQ(by_hand.indices[0].sigma, r.indices[0].sigma);
  // Replications differ (their seeds do), so the mean is not just the first of them.
  EXPECT_NE(v[0].second, v[1].second);
}

TEST(Analysis, PointsWithAFailedRunAreNaNAndTheirGroupIsDropped) {
  TempDir dir;
  // The upper end of basic_frac_university is refused by the model (with applied 0.55 > 1).
  const std::vector<ParamRange> p = {{"basic_frac_university", 0.1, 0.6, false, false},
                                     {"gov_to_firms", 0.02, 0.1, false, false}};
  run_sweep(dir / "s", saltelli(p, 8, 7), 1);
  const auto rep = analyse_sensitivity({dir / "s", "sobol", "gerd_cny_bn", 2011, 200});
  const auto& r = std::get<SobolResult>(rep.result);
  EXPECT_GT(rep.points_missing, 0u);
  EXPECT_GT(r.base_samples_dropped, 0);
  EXPECT_EQ(r.base_samples_dropped + r.base_samples_used, 8);
}

TEST(Analysis, RequestsThatCannotBeAnsweredAreRefused) {
  TempDir dir;
  run_sweep(dir / "f", factorial({{"gov_to_firms", 0.02, 0.1, false, false}}, 2), 1);
  EXPECT_THROW(analyse_sensitivity({dir / "f", "sobol", "gerd_cny_bn", 2011}), std::invalid_argument);
  EXPECT_THROW(analyse_sensitivity({dir / "f", "anova", "gerd_cny_bn", 2011}), std::invalid_argument);
  run_sweep(dir / "m", morris({{"gov_to_firms", 0.02, 0.1, false, false}}, 2, 4, 1), 1);
  try {
    analyse_sensitivity({dir / "m", "morris", "gerd_cny_bn", 2030});
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2010-2011"), std::string::npos) << e.what();
  }
  EXPECT_THROW(analyse_sensitivity({dir / "m", "morris", "no_such_indicator", 2011}), std::invalid_argument);
}

}  // namespace
}  // namespace nisim::experiment
