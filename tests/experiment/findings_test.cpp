// The statistics and the checks of the validation experiments (src/nisim/experiment/
// findings.cpp); the experiments themselves are tests/validation/findings_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include <nisim/experiment/findings.hpp>

namespace nisim::experiment {
namespace {

TEST(FindingsEstimate, MeanAndStudentInterval) {
  // Mean 2, standard error 1/sqrt(3), t(2) quantile 0.975 = 4.302653.
  const auto e = estimate({1, 2, 3});
  EXPECT_DOUBLE_EQ(e.mean, 2);
  EXPECT_NEAR(e.hi - e.mean, 4.302653 / std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(e.mean - e.lo, 4.302653 / std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(e.t, 2 * std::sqrt(3.0), 1e-12);
  EXPECT_EQ(e.n, 3);
  const auto one = estimate({5});
  EXPECT_EQ(one.lo, 5);
  EXPECT_EQ(one.hi, 5);
  EXPECT_EQ(one.t, 0);
}

TEST(FindingsEstimate, ReproducedAndContradictedFollowTheInterval) {
  ClaimResult c;
  c.hypothesis_sign = -1;
  c.central = estimate({-3, -2, -1});  // interval about -4.5 to 0.5: neither
  EXPECT_FALSE(c.reproduced());
  EXPECT_FALSE(c.contradicted());
  c.central = estimate({-3.1, -3, -2.9});
  EXPECT_TRUE(c.reproduced());
  c.hypothesis_sign = 1;
  EXPECT_TRUE(c.contradicted());
}

TEST(FindingsEvaluate, AFindingNamingAMissingArmOrEffectFailsBeforeAnyRun) {
  Finding f = finding("decoupling_highly_cited");
  f.effects[0].treated = "nope";
  FindingSizes s;
  s.seeds = 2;
  s.points = 2;
  s.scenarios_dir = std::string(NISIM_SOURCE_DIR) + "/scenarios";
  EXPECT_THROW(evaluate(f, s), std::invalid_argument);
  f = finding("decoupling_highly_cited");
  f.claims[0].minus = {"nope"};
  EXPECT_THROW(evaluate(f, s), std::invalid_argument);
  s.seeds = 1;
  EXPECT_THROW(evaluate(finding("decoupling_highly_cited"), s), std::invalid_argument);
}

}  // namespace
}  // namespace nisim::experiment
