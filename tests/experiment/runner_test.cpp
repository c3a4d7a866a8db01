// Executing runs: one run equals a direct simulation, failures are results (not
// exceptions), several jobs give the same results as one, and results cross MPI intact.
#include <nisim/experiment/runner.hpp>

#include <gtest/gtest.h>

#include <map>

#include <fmt/format.h>
#include <stdexcept>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::experiment {
namespace {

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

scenario::Scenario short_baseline() { return scenario::load_scenario(kBaseline, {"run.end_year=2011"}); }

ExperimentPlan file_sweep(std::vector<double> basic_frac_university) {
  Design d;
  d.kind = DesignKind::File;
  d.params = {{"basic_frac_university", 0, 1, false, false}};
  for (double v : basic_frac_university) d.points.push_back({v});
  return sweep_plan(d, 1, 5);
}

TEST(Runner, ARunIsTheSimulationOfItsParametersAndSeed) {
  const auto base = short_baseline();
  const auto plan = file_sweep({0.3});
  const RunResult r = execute_run(base, plan, 0, 1);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_GT(r.agent_ticks, 0);
  // The same run set up by hand.
  auto sc = scenario::load_scenario(kBaseline, {"run.end_year=2011", "basic_frac_university=0.3",
                                                fmt::format("run.seed={}", plan.run(0).seed)});
  model::Simulation sim(sc, {sc.run.seed, sc.run.scale, sc.run.start_year, sc.run.end_year});
  policy::attach_policies(sc, sim);
  sim.run();
  const auto& want = sim.indicators();
  ASSERT_EQ(r.rows.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r.rows[i].indicator, want[i].indicator);
    EXPECT_EQ(r.rows[i].year, want[i].year);
    EXPECT_EQ(r.rows[i].value, want[i].value) << want[i].indicator;  // bit-identical
  }
}

TEST(Runner, ARejectedParameterCombinationIsAFailedResultNamingIt) {
  // 0.6 + applied_frac_university 0.55 > 1: each value is in range, the pair is not.
  const RunResult r = execute_run(short_baseline(), file_sweep({0.6}), 0, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.rows.empty());
  EXPECT_NE(r.error.find("basic_frac_university"), std::string::npos) << r.error;
}

TEST(Runner, SeveralJobsGiveTheSameResultsAsOneAndEveryRunOnce) {
  const auto base = short_baseline();
  const auto plan = ensemble_plan(6, 11);
  const std::vector<std::size_t> todo = {0, 1, 2, 3, 4, 5};
  auto collect = [&](int jobs) {
    std::map<std::size_t, RunResult> out;
    run_local(base, plan, todo, jobs, 1, [&](RunResult&& r) {
      EXPECT_TRUE(out.emplace(r.index, std::move(r)).second) << "run delivered twice";
    });
    return out;
  };
  const auto one = collect(1), three = collect(3);
  ASSERT_EQ(one.size(), 6u);
  ASSERT_EQ(three.size(), 6u);
  for (const auto& [i, r] : one) {
    ASSERT_TRUE(r.ok) << r.error;
    const auto& s = three.at(i);
    ASSERT_EQ(s.rows.size(), r.rows.size());
    for (std::size_t k = 0; k < r.rows.size(); ++k) EXPECT_EQ(s.rows[k].value, r.rows[k].value);
  }
  // Different seeds give different runs.
  bool all_equal = true;
  for (std::size_t k = 0; k < one.at(0).rows.size(); ++k)
    all_equal = all_equal && one.at(0).rows[k].value == one.at(1).rows[k].value;
  EXPECT_FALSE(all_equal);
}

TEST(Runner, AFailingSinkStopsNewRunsAndIsRethrown) {
  const auto base = short_baseline();
  const auto plan = ensemble_plan(8, 1);
  std::vector<std::size_t> todo = {0, 1, 2, 3, 4, 5, 6, 7};
  int delivered = 0;
  EXPECT_THROW(run_local(base, plan, todo, 2, 1,
                         [&](RunResult&&) {
                           ++delivered;
                           throw std::runtime_error("disk full");
                         }),
               std::runtime_error);
  EXPECT_EQ(delivered, 1);
}

TEST(Runner, ResultsSurviveTheirByteEncoding) {
  RunResult r;
  r.index = 1234567890123ull;
  r.ok = true;
  r.error = "";
  r.wall_seconds = 0.25;
  r.agent_ticks = 1e9 + 0.5;
  r.rows = {{2010, "gerd_cny_bn", 706.2}, {2010, "capability_ratio.high_end_chips", 1.0 / 3.0},
            {2011, "gerd_cny_bn", -0.0}, {2011, "capability_ratio.high_end_chips", 5e-324}};
  const RunResult d = decode_result(encode_result(r));
  EXPECT_EQ(d.index, r.index);
  EXPECT_EQ(d.ok, r.ok);
  EXPECT_EQ(d.wall_seconds, r.wall_seconds);
  EXPECT_EQ(d.agent_ticks, r.agent_ticks);
  ASSERT_EQ(d.rows.size(), r.rows.size());
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    EXPECT_EQ(d.rows[i].year, r.rows[i].year);
    EXPECT_EQ(d.rows[i].indicator, r.rows[i].indicator);
    EXPECT_EQ(d.rows[i].value, r.rows[i].value);
  }
  RunResult f;
  f.error = "internal failure: invariant broken at tick 3 (2010-04): x: y";
  EXPECT_EQ(decode_result(encode_result(f)).error, f.error);
  const std::string bytes = encode_result(r);
  EXPECT_THROW(decode_result(bytes.substr(0, bytes.size() - 3)), std::runtime_error);
  EXPECT_THROW(decode_result(bytes + "x"), std::runtime_error);
}

}  // namespace
}  // namespace nisim::experiment
