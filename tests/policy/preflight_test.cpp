// Checks before a run (policy/preflight.hpp): what validate accepts, a run accepts.
#include <nisim/policy/preflight.hpp>

#include <gtest/gtest.h>

#include <string>

#include <nisim/scenario/scenario.hpp>

#include "../output/temp_dir.hpp"

namespace nisim::policy {
namespace {

using test_support::TempDir;
using test_support::write_file;

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

std::string preflight_error(const scenario::Scenario& sc) {
  try {
    preflight(sc);
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

void expect_has(const std::string& msg, const std::string& part) {
  EXPECT_NE(msg.find(part), std::string::npos) << "missing \"" << part << "\" in: " << msg;
}

TEST(Preflight, TheShippedBaselinePasses) {
  EXPECT_EQ(preflight_error(scenario::load_scenario(kBaseline)), "(accepted)");
}

TEST(Preflight, AUserCostOfRdAtOrBelowZeroIsRefusedNamingBothParameters) {
  // 1 - 0.4 * (1 + 1.5) = 0: R&D would be free.
  const auto sc = scenario::load_scenario(kBaseline, {"cit_rate=0.4", "super_deduction_2021=1.5"});
  const auto m = preflight_error(sc);
  expect_has(m, "params.cit_rate, params.super_deduction_2021");
  expect_has(m, "is not above 0");
  // Just above zero runs.
  EXPECT_EQ(preflight_error(scenario::load_scenario(kBaseline, {"cit_rate=0.4", "super_deduction_2021=1.4"})),
            "(accepted)");
}

TEST(Preflight, TaxIncentiveBlocksCountInTheUserCost) {
  TempDir d;
  write_file(d / "s.toml", "extends = \"" + kBaseline +
                               "\"\n[params]\ncit_rate = 0.3\n[[policy]]\ninstrument = \"tax_incentives\"\nstart = 2025\n"
                               "extra_deduction = 1.5\n");
  // 1 - 0.3 * (1 + min(1 + 1.5, 2.5)) = -0.05.
  const auto m = preflight_error(scenario::load_scenario(d / "s.toml"));
  expect_has(m, "in 2025 ");
  expect_has(m, "extra_deduction of tax_incentives blocks");
}

TEST(Preflight, InstrumentChecksRunInValidateWithTheUsersLine) {
  TempDir d;
  write_file(d / "s.toml", "extends = \"" + kBaseline +
                               "\"\n\n[[policy]]\ninstrument = \"tax_incentives\"\nstart = 2020\nmatching_rate = 0.1\n"
                               "actors = [\"university\"]\n");
  const auto m = preflight_error(scenario::load_scenario(d / "s.toml"));
  expect_has(m, (d / "s.toml").string() + ":3:");
  expect_has(m, "matching funds go to firms only");
}

TEST(Preflight, UnknownIndicatorsAreFoundBeforeARunAtTheirLine) {
  TempDir d;
  write_file(d / "s.toml", "extends = \"" + kBaseline + "\"\n[outputs]\nindicators = [\"papers\", \"no_such_indicator\"]\n");
  const auto m = preflight_error(scenario::load_scenario(d / "s.toml"));
  expect_has(m, (d / "s.toml").string() + ":3:");
  expect_has(m, "unknown indicator 'no_such_indicator'");
  // Known names and families pass.
  write_file(d / "ok.toml", "extends = \"" + kBaseline + "\"\n[outputs]\nindicators = [\"papers\", \"capability_ratio\"]\n");
  EXPECT_EQ(preflight_error(scenario::load_scenario(d / "ok.toml")), "(accepted)");
}

TEST(Preflight, AScaleThatLeavesAPopulationEmptyIsRefused) {
  const auto sc = scenario::load_scenario(kBaseline, {"run.scale=0.0005"});
  const auto m = preflight_error(sc);
  expect_has(m, "run.scale, params.universities_2010");
  expect_has(m, "leaves that population empty");
  EXPECT_NEAR(minimum_scale(scenario::load_scenario(kBaseline)), 1.0 / 1100, 1e-12);
  // A parameter at the bottom of its range makes the same scale too small.
  expect_has(preflight_error(scenario::load_scenario(kBaseline, {"institutes_2010=1"})), "params.institutes_2010");
}

TEST(Preflight, TheMemoryEstimateGrowsWithScaleAndHorizon) {
  const auto a = estimated_run_bytes(scenario::load_scenario(kBaseline, {"run.scale=0.01"}));
  const auto b = estimated_run_bytes(scenario::load_scenario(kBaseline, {"run.scale=0.1"}));
  const auto c = estimated_run_bytes(scenario::load_scenario(kBaseline, {"run.scale=0.1", "run.end_year=2100"}));
  // Measured peak RSS to 2035 (bench/README.md): 54 MB at 0.01, 408 MB at 0.1, 1.59 GB at
  // 1.0. The estimate is within 10% from scale 0.1 up and never below at small scales.
  EXPECT_GE(double(a), 54e6);
  EXPECT_LT(double(a), 150e6);
  EXPECT_NEAR(double(b), 408e6, 41e6);
  EXPECT_NEAR(double(estimated_run_bytes(scenario::load_scenario(kBaseline, {"run.scale=1"}))), 1.59e9, 0.16e9);
  EXPECT_GT(c, 10 * b);
  // Scale 2 to 2100 does not fit a 24 GiB machine.
  EXPECT_GT(estimated_run_bytes(scenario::load_scenario(kBaseline, {"run.scale=2", "run.end_year=2100"})),
            std::size_t{24} << 30);
}

}  // namespace
}  // namespace nisim::policy
