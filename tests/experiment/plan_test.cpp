// The plan of an experiment: seeds, run ids, overrides, shards, --param parsing.
#include <nisim/experiment/plan.hpp>

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace nisim::experiment {
namespace {

TEST(Plan, DerivedSeedsAreDeterministicDistinctAndFitASignedTomlInteger) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t r = 0; r < 10000; ++r) {
    const std::uint64_t s = derive_seed(20100101, r);
    EXPECT_EQ(s, derive_seed(20100101, r));
    EXPECT_LE(s, 0x7FFF'FFFF'FFFF'FFFFull);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_NE(derive_seed(1, 0), derive_seed(2, 0));
  // High replication bits reach the generator too.
  EXPECT_NE(derive_seed(1, 5), derive_seed(1, 5 + (1ull << 32)));
}

TEST(Plan, EnsembleRunsAreReplicationsOfOnePoint) {
  const auto p = ensemble_plan(12, 7);
  EXPECT_EQ(p.total_runs(), 12u);
  const RunSpec r = p.run(11);
  EXPECT_EQ(r.point, 0);
  EXPECT_EQ(r.replication, 11);
  EXPECT_EQ(r.seed, derive_seed(7, 11));
  EXPECT_EQ(p.run_id(0), "0001");
  EXPECT_EQ(p.run_id(11), "0012");
  EXPECT_EQ(p.overrides(r), std::vector<std::string>{"run.seed=" + std::to_string(r.seed)});
  EXPECT_THROW(p.run(12), std::out_of_range);
  EXPECT_THROW(ensemble_plan(0, 7), std::invalid_argument);
}

TEST(Plan, SweepRunsShareSeedsAcrossPointsAndPrintValuesThatReadBack) {
  Design d;
  d.kind = DesignKind::File;
  d.params = {{"a", 0, 1, false, false}, {"policy[1].x", 0, 1, false, false}};
  d.points = {{0.1, 1.0 / 3.0}, {0.2, 2e-7}};
  const auto p = sweep_plan(d, 3, 42);
  EXPECT_EQ(p.total_runs(), 6u);
  const RunSpec r4 = p.run(4);  // point 1, replication 1
  EXPECT_EQ(r4.point, 1);
  EXPECT_EQ(r4.replication, 1);
  EXPECT_EQ(r4.seed, p.run(1).seed);  // common random numbers
  const auto o = p.run(0).point == 0 ? p.overrides(p.run(0)) : std::vector<std::string>{};
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0], "a=0.1");
  EXPECT_EQ(std::stod(o[1].substr(o[1].find('=') + 1)), 1.0 / 3.0);  // shortest round trip
  EXPECT_EQ(p.parameters(r4)["policy[1].x"].get<double>(), 2e-7);
}

TEST(Plan, RunIdsWidenForLargeExperiments) {
  const auto p = ensemble_plan(123456, 1);
  EXPECT_EQ(p.run_id(0), "000001");
  EXPECT_EQ(p.run_id(123455), "123456");
}

TEST(Plan, JsonRoundTripAndFingerprint) {
  Design d;
  d.kind = DesignKind::Morris;
  d.params = {{"a", 0.5, 2, true, false}, {"b", 1, 9, false, true}};
  d.points = {{0.5, 1}, {2, 1}, {2, 9}};
  d.group = {0, 0, 0};
  d.role = {"0", "1", "2"};
  d.levels = 4;
  const auto p = sweep_plan(d, 2, 9);
  const auto q = plan_from_json(p.to_json());
  EXPECT_EQ(q.to_json(), p.to_json());
  EXPECT_EQ(q.design.params[0].log, true);
  EXPECT_EQ(q.design.params[1].integer, true);
  EXPECT_EQ(fingerprint(p, "abc"), fingerprint(q, "abc"));
  EXPECT_NE(fingerprint(p, "abc"), fingerprint(p, "abd"));
  auto other = p;
  other.base_seed = 10;
  EXPECT_NE(fingerprint(p, "abc"), fingerprint(other, "abc"));
  other = p;
  other.design.points[1][0] = 1.9999999999;
  EXPECT_NE(fingerprint(p, "abc"), fingerprint(other, "abc"));
}

TEST(Plan, ShardsSplitRunsWithoutOverlapOrGap) {
  const auto s = parse_shard("2/3");
  EXPECT_EQ(s.k, 2);
  EXPECT_EQ(s.count, 3);
  for (std::size_t i = 0; i < 30; ++i) {
    int owners = 0;
    for (int k = 1; k <= 3; ++k) owners += (Shard{k, 3}.contains(i) ? 1 : 0);
    EXPECT_EQ(owners, 1) << "run " << i;
  }
  EXPECT_TRUE((Shard{2, 3}.contains(1)));
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "1/3x", ""})
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
}

TEST(Plan, ParamRangesParseAndBadOnesSayWhatWasExpected) {
  auto p = parse_param_range("params.project_funding_share=0.3:0.8");
  EXPECT_EQ(p.name, "project_funding_share");
  EXPECT_EQ(p.lo, 0.3);
  EXPECT_EQ(p.hi, 0.8);
  EXPECT_FALSE(p.log);
  p = parse_param_range("policy[2].scale=0.01:10:log");
  EXPECT_EQ(p.name, "policy[2].scale");
  EXPECT_TRUE(p.log);
  for (const char* bad : {"x", "x=1", "x=1:", "x=a:2", "x=2:1", "x=0:1:ln", "x=0:1:log", "=0:1", "x=1:2:log:3"}) {
    try {
      parse_param_range(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("--param"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace nisim::experiment
