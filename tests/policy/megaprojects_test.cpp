#include <nisim/model/areas.hpp>
#include <nisim/model/exogenous.hpp>

#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(Megaprojects, TargetedMoneyRaisesCapabilityOfTheTargetArea) {
  const Measure m{"capability_ratio.commercial_aircraft", 2016, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto mega = ensemble(R"(
[[policy]]
instrument = "megaprojects"
start = 2012
areas = ["commercial_aircraft"]
money_cny_bn_per_year = 50
)", m, 2016);
  expect_increase(mega, ref, "capability_ratio.commercial_aircraft 2016 with 50 bn CNY a year from 2012 (C919)");
}

TEST(Megaprojects, ConcentrationRaisesCapabilityOfTheTargetArea) {
  const Measure m{"capability_ratio.satellite_navigation", 2016, 2016};
  const auto ref = ensemble("", m, 2016);
  const auto mega = ensemble(R"(
[[policy]]
instrument = "megaprojects"
start = 2012
areas = ["satellite_navigation"]
concentration = 2
)", m, 2016);
  expect_increase(mega, ref, "capability_ratio.satellite_navigation 2016 with concentration 2 from 2012 (BeiDou)");
}

// Odds of capability, r / (1 - r): in the model's capability rule a multiplier m on the
// inflow toward the frontier multiplies the steady-state odds by m whatever the starting
// level, so the odds ratio treated / reference compares areas that start at different
// levels.
double odds(double r) { return r / (1 - r); }

// MODEL.md section 7 hypothesis: emulation areas respond to concentration more than novel
// areas. Controlled version: the same area (biopharmaceuticals) run once flagged as novel
// (as in data/tech_areas.csv) and once flagged as an emulation area, with and without the
// same concentration. Concentration puts the area's researchers in fewer, larger teams and
// pulls hires into it. Flagged emulation, every result counts, so the extra people add in
// full and team size does not matter; flagged novel, a line counts by its best result, so
// fewer lines lose part of what the people add (teams.cpp). The flag also sets how much of
// the growth comes through foreign access (access_share_*). This test asserts what the
// model says (docs/model.md, "What the findings are").
TEST(Megaprojects, ConcentrationMovesTheSameAreaLessWhenFlaggedNovel) {
  const std::string id = "biopharmaceuticals";
  const std::string text = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n";
  const auto ref_sc = scenario::load_scenario_text(text, "ref.toml", {});
  const auto conc_sc = scenario::load_scenario_text(text + R"(
[[policy]]
instrument = "megaprojects"
start = 2012
areas = ["biopharmaceuticals"]
concentration = 3
)", "conc.toml", {});
  const auto params = model::Params::from_map(ref_sc.params);
  auto run = [&](const scenario::Scenario& sc, bool novel, int seed) {
    auto areas = model::default_tech_areas();
    std::size_t a = 0;
    while (areas[a].id != id) ++a;
    areas[a].novel = novel;
    model::Simulation sim(params, areas, model::china_exogenous(), model::RunPlan{std::uint64_t(seed), 0.01, 2010, 2020});
    policy::attach_policies(sc, sim);
    // Mean capability 2014-2020 (a single year is noisier at scale 0.01).
    double sum = 0;
    sim.run([&](int done, int) {
      if (done >= 5) sum += sim.capability()[a] / 7;
    });
    return sum;
  };
  engine::ThreadScope threads(2);
  std::vector<double> gain_emulation, gain_novel;
  const int seeds = sanitizer_run() ? kSanitizerSeeds : 48;
  for (int seed = 1; seed <= seeds; ++seed) {
    gain_emulation.push_back(odds(run(conc_sc, false, seed)) / odds(run(ref_sc, false, seed)));
    gain_novel.push_back(odds(run(conc_sc, true, seed)) / odds(run(ref_sc, true, seed)));
  }
  expect_decrease(gain_novel, gain_emulation,
                  "capability odds ratio of biopharmaceuticals 2014-2020 with concentration 3 from 2012, flagged "
                  "novel (treated) vs emulation (reference)");
}

TEST(Megaprojects, AtDefaultsChangesNothing) {
  const Measure m{"capability_ratio.high_end_chips", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[policy]]
instrument = "megaprojects"
start = 2010
areas = ["high_end_chips", "lithography_machines"]
)", m, 2016, 3);
  expect_identical(same, ref, "megaprojects at its defaults");
  const Measure g{"gerd_cny_bn", 2014, 2016};
  expect_identical(ensemble(R"(
[[policy]]
instrument = "megaprojects"
start = 2010
)", g, 2016, 3), ensemble("", g, 2016, 3), "megaprojects at its defaults, all areas");
}

}  // namespace
}  // namespace nisim::test_support
