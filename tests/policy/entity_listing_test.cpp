#include "direction.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace nisim::test_support {
namespace {

// Capability responds to access through organisations' stocks, with seed noise of a few
// per cent at scale 0.01, more in a single area: these comparisons need 40 seeds for a
// paired t above 3.
constexpr int kSeeds = 96;

const char* kListing = R"(
[[shock]]
shock = "entity_listing"
start = 2015
areas = ["telecom_5g_equipment"]
share = 0.5
productivity_hit = 0.3
access_cut = 0.5
)";

TEST(EntityListing, LowersCapabilityInTheListedArea) {
  // About -2% with seed noise of the same order at scale 0.01: 128 seeds (t = -3.0 at 96).
  const Measure m{"capability_ratio.telecom_5g_equipment", 2017, 2019};
  const auto ref = ensemble("", m, 2019, 128);
  const auto listed = ensemble(kListing, m, 2019, 128);
  expect_decrease(listed, ref, "capability_ratio.telecom_5g_equipment 2017-2019, half the architects/SOEs listed in 2015");
}

TEST(EntityListing, RaisesSoeRdIntensity) {
  // Substitution: cut-off firms raise their desired R&D intensity.
  const Measure m{"soe_rd_intensity_pct", 2017, 2019};
  const auto ref = ensemble("", m, 2019);
  const auto listed = ensemble(R"(
[[shock]]
shock = "entity_listing"
start = 2015
actors = ["soe"]
share = 0.5
productivity_hit = 0.3
access_cut = 0.8
)", m, 2019);
  expect_increase(listed, ref, "soe_rd_intensity_pct 2017-2019, half the SOEs listed in 2015, access cut 0.8 everywhere");
}

TEST(EntityListing, ListsTheLargestFirmsOfTheTargetKindsAndCutsTheirProductivity) {
  // Two runs with the same seed up to January 2011 (the listing's first year): in the
  // listed run the largest half (by sales) of the SOEs and architects of telecom equipment
  // have lost 40% of their productivity; no other firm has changed.
  const std::string base = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n";
  const auto sc_ref = scenario::load_scenario_text(base, "ref.toml");
  const auto sc_list = scenario::load_scenario_text(base + R"(
[[shock]]
shock = "entity_listing"
start = 2011
areas = ["telecom_5g_equipment"]
share = 0.5
productivity_hit = 0.4
)", "listed.toml");
  engine::ThreadScope threads(2);
  model::Simulation ref(sc_ref, model::RunPlan{3, 0.01, 2010, 2011});
  model::Simulation listed(sc_list, model::RunPlan{3, 0.01, 2010, 2011});
  policy::attach_policies(sc_list, listed);
  // Through December 2010, then the January 2011 lever hook (where the listing happens).
  for (int t = 0; t < 12; ++t) {
    ref.step();
    listed.step();
  }
  // Candidates and their sales as the hook sees them (before January's updates).
  const auto& e0 = listed.employers();
  std::vector<std::pair<double, std::uint32_t>> cand;  // (sales, serial)
  const auto telecom = std::size_t(std::find_if(listed.areas().begin(), listed.areas().end(),
                                                [](const auto& a) { return a.id == "telecom_5g_equipment"; }) -
                                   listed.areas().begin());
  for (std::uint32_t e = 0; e < e0.size(); ++e) {
    const auto k = model::EmployerKind(e0.kind[e]);
    if ((k == model::EmployerKind::Soe || k == model::EmployerKind::Architect) && e0.area[e] == telecom)
      cand.push_back({e0.sales[e], e0.ids.serial_at(e)});
  }
  ASSERT_GE(cand.size(), 2u) << "too few SOEs/architects in telecom_5g_equipment at scale 0.01";
  std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const std::size_t n_listed = std::size_t(std::llround(0.5 * double(cand.size())));
  std::set<std::uint32_t> listed_serials;
  for (std::size_t i = 0; i < n_listed; ++i) listed_serials.insert(cand[i].second);
  std::map<std::uint32_t, double> before;
  for (std::uint32_t e = 0; e < e0.size(); ++e) before[e0.ids.serial_at(e)] = e0.productivity[e];
  ref.step();
  listed.step();
  // After the January 2011 step (hook, firm updates, entry/exit, one month of production):
  // productivity changes only at year end, so surviving firms keep their December value,
  // times 0.6 if listed.
  const auto& e1 = listed.employers();
  std::size_t hit = 0, kept = 0;
  for (std::uint32_t e = 0; e < e1.size(); ++e) {
    const auto it = before.find(e1.ids.serial_at(e));
    if (it == before.end()) continue;  // an entrant
    if (listed_serials.count(it->first)) {
      EXPECT_DOUBLE_EQ(e1.productivity[e], it->second * 0.6);
      ++hit;
    } else {
      EXPECT_DOUBLE_EQ(e1.productivity[e], it->second);
      ++kept;
    }
  }
  EXPECT_GE(hit, 1u);
  EXPECT_GT(kept, 0u);
  std::cout << "[listing] " << hit << " of " << cand.size() << " telecom SOEs/architects listed\n";
}

TEST(EntityListing, AtZeroSizeChangesNothing) {
  const Measure m{"capability_mean", 2014, 2016};
  const auto ref = ensemble("", m, 2016, 3);
  const auto same = ensemble(R"(
[[shock]]
shock = "entity_listing"
start = 2010
)", m, 2016, 3);
  expect_identical(same, ref, "entity_listing at zero size");
}

}  // namespace
}  // namespace nisim::test_support
