// Research teams as independent lines (src/nisim/model/teams.cpp): the grouping of
// researchers, the stability of teams, the choice of line by horizon, and the record rule
// that makes the number of lines matter in novel areas.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "../engine/test_stats.hpp"
#include "../policy/direction.hpp"

namespace nisim::model {
namespace {

scenario::Scenario baseline(const std::vector<std::string>& sets = {}) {
  return scenario::load_scenario(std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml", sets);
}

TEST(Teams, EveryResearcherAtHomeIsInOneTeamOfItsHoldingAndStage) {
  const auto sc = baseline({"team_size_fte=30"});
  Simulation sim(sc, RunPlan{1, 0.1, 2010, 2011});
  for (int t = 0; t < 13; ++t) sim.step();  // after the second January's rebuild
  const auto& r = sim.researchers();
  const auto& tm = sim.teams();
  const auto& h = sim.holdings();
  std::vector<std::uint32_t> heads(tm.size(), 0);
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.abroad[i]) {
      EXPECT_EQ(r.team[i], kNoTeam);
      continue;
    }
    const auto t = r.team[i];
    ASSERT_LT(t, tm.size());
    EXPECT_EQ(tm.hold[t], r.hold[i]);
    EXPECT_EQ(tm.stage[t], r.stage[i]);
    heads[t]++;
  }
  const double size_agents = 30 * 0.1;
  std::size_t teams = 0;
  for (std::size_t k = 0; k < h.size(); ++k)
    for (int s = 0; s < kStages; ++s) {
      const auto n = h.team_n[k][s];
      const auto hs = h.heads[k][s];
      if (hs == 0) {
        EXPECT_EQ(n, 0u);
        continue;
      }
      // About heads / team size teams, at least one, never more than one per agent.
      EXPECT_GE(n, 1u);
      EXPECT_LE(n, hs);
      EXPECT_LE(std::abs(double(n) - std::max(1.0, std::round(hs / size_agents))), 0.5);
      teams += n;
    }
  EXPECT_EQ(teams, tm.size());
  for (std::size_t t = 0; t < tm.size(); ++t) {
    EXPECT_EQ(tm.heads[t], heads[t]);
    EXPECT_GE(tm.lines[t], 1.0);
    EXPECT_GE(tm.risky_share[t], 0.0f);
    EXPECT_LE(tm.risky_share[t], 1.0f);
  }
}

TEST(Teams, MembersStayTogetherAcrossTheJanuaryRebuild) {
  // A jump consistent hash moves only the researchers of added or removed slots: of the
  // researchers in the same holding and stage in two Januaries, most keep their slot.
  const auto sc = baseline({"team_size_fte=30"});
  Simulation sim(sc, RunPlan{2, 0.1, 2010, 2012});
  for (int t = 0; t < 13; ++t) sim.step();
  auto slots = [&] {
    std::map<std::uint32_t, std::pair<std::uint64_t, std::uint32_t>> m;  // serial -> (holding key, slot)
    const auto& r = sim.researchers();
    const auto& h = sim.holdings();
    const auto& e = sim.employers();
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r.team[i] == kNoTeam) continue;
      const auto k = r.hold[i];
      const std::uint64_t key = (std::uint64_t(e.ids.serial_at(h.emp[k])) << 24) | (std::uint64_t(h.area[k]) << 2) | r.stage[i];
      m[r.ids.serial_at(std::uint32_t(i))] = {key, r.team[i] - h.team_first[k][r.stage[i]]};
    }
    return m;
  };
  const auto before = slots();
  for (int t = 0; t < 12; ++t) sim.step();
  const auto after = slots();
  double same_place = 0, same_slot = 0;
  for (const auto& [serial, v] : before) {
    auto it = after.find(serial);
    if (it == after.end() || it->second.first != v.first) continue;
    same_place += 1;
    same_slot += it->second.second == v.second;
  }
  ASSERT_GT(same_place, 1000);
  std::cout << "[teams] " << 100 * same_slot / same_place << "% of researchers who stayed kept their team\n";
  EXPECT_GT(same_slot / same_place, 0.8);
}

TEST(Teams, LongerHorizonsTakeMoreRiskyLines) {
  // A risky line needs an exponential gestation (mean risky_gestation_years) shorter than
  // the team's horizon: P(risky) = 1 - exp(-T / G) for each source of money, counted over
  // the real teams the team agents stand for.
  const auto sc = baseline();
  Simulation sim(sc, RunPlan{3, 0.1, 2010, 2010});
  sim.step();
  const auto& tm = sim.teams();
  const auto& p = sim.params();
  double n[3] = {0, 0, 0}, risky[3] = {0, 0, 0};
  for (std::size_t t = 0; t < tm.size(); ++t) {
    const double lines = std::max(1.0, std::round(tm.lines[t]));
    n[tm.source[t]] += lines;
    risky[tm.source[t]] += std::round(tm.risky_share[t] * lines);
  }
  const double horizon[3] = {p.stable_horizon_years, sim.levers().cycle_years, p.firm_horizon_years};
  for (int s = 0; s < 3; ++s) {
    ASSERT_GT(n[s], 200) << "source " << s;
    engine::test::expect_proportion(risky[s], n[s], 1 - std::exp(-horizon[s] / p.risky_gestation_years));
  }
  EXPECT_GT(risky[0] / n[0], risky[1] / n[1]) << "stable money (7 years) against project cycles (4 years)";
}

// Per seed: mean capability change 2012 to 2016-2020 of the novel and of the emulation areas.
std::pair<std::vector<double>, std::vector<double>> growth_by_novelty(const std::string& extra, int n) {
  const std::string text = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n" + extra;
  const auto sc = scenario::load_scenario_text(text, "teams-test.toml");
  std::vector<double> novel, emul;
  engine::ThreadScope threads(2);
  if (test_support::sanitizer_run()) n = test_support::kSanitizerSeeds;
  for (int seed = 1; seed <= n; ++seed) {
    Simulation sim(sc, RunPlan{std::uint64_t(seed), 0.01, 2010, 2020});
    policy::attach_policies(sc, sim);
    sim.run();
    // Change from 2012 to the mean of 2016-2020 (a single year is noisier at scale 0.01).
    std::map<std::string, double> c0, c1;
    for (const auto& r : sim.indicators())
      if (r.indicator.rfind("capability_ratio.", 0) == 0) {
        if (r.year == 2012) c0[r.indicator.substr(17)] = r.value;
        if (r.year >= 2016) c1[r.indicator.substr(17)] += r.value / 5;
      }
    double gn = 0, ge = 0, nn = 0, ne = 0;
    for (const auto& a : sim.areas()) {
      (a.novel ? gn : ge) += c1[a.id] - c0[a.id];
      (a.novel ? nn : ne) += 1;
    }
    novel.push_back(gn / nn);
    emul.push_back(ge / ne);
  }
  return {novel, emul};
}

// Centralisation with every area targeted: the hiring pull is the same everywhere (so
// nobody moves), and only team size changes: four times larger teams from 2012.
const char* kLargerTeams = R"(
[[policy]]
instrument = "centralisation"
start = 2012
concentration = 4
)";

TEST(Teams, FewerLargerTeamsLearnLessInNovelAreasOnly) {
  // The same people in teams four times larger: a novel area loses independent lines and
  // with them capability growth (a line counts by its best result); in an emulation area
  // every result counts, so team size makes no systematic difference. (A different team
  // size from the start would change nothing: the first year's steady state is set from
  // the flows of that year, whatever they are.)
  const auto [novel_ref, emul_ref] = growth_by_novelty("", 32);
  const auto [novel_big, emul_big] = growth_by_novelty(kLargerTeams, 32);
  test_support::expect_decrease(novel_big, novel_ref, "novel areas' capability growth 2012 to 2016-2020 with teams 4x larger");
  if (test_support::sanitizer_run()) return;
  const double dn = test_support::mean(novel_big) - test_support::mean(novel_ref);
  const double de = test_support::mean(emul_big) - test_support::mean(emul_ref);
  std::cout << "[teams] capability growth 2012 to 2016-2020, teams 4x larger from 2012: novel " << test_support::mean(novel_ref)
            << " -> " << test_support::mean(novel_big) << ", emulation " << test_support::mean(emul_ref) << " -> "
            << test_support::mean(emul_big) << "\n";
  EXPECT_LT(std::abs(de), 0.5 * std::abs(dn)) << "team size should matter far less where every result counts";
}

}  // namespace
}  // namespace nisim::model
