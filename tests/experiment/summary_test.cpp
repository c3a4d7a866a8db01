// Ensemble statistics against values computed by hand.
#include <nisim/experiment/summary.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace nisim::experiment {
namespace {

TEST(Summary, StatisticsOfASmallSampleMatchHandComputedValues) {
  // 1..10 shuffled: mean 5.5; sum of squared deviations 82.5, sd = sqrt(82.5 / 9).
  // Type-7 quantiles: position (n-1)p = 9p: p=0.05 -> 0.45 -> 1 + 0.45 = 1.45;
  // p=0.25 -> 2.25 -> 3.25; p=0.5 -> 4.5 -> 5.5; p=0.75 -> 6.75 -> 7.75; p=0.95 -> 8.55 -> 9.55.
  std::vector<double> v = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};
  const Stats s = summarise(v);
  EXPECT_EQ(s.n, 10u);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_NEAR(s.sd, std::sqrt(82.5 / 9.0), 1e-15);
  const double expected[5] = {1.45, 3.25, 5.5, 7.75, 9.55};
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(s.q[k], expected[k], 1e-12) << "quantile " << kSummaryQuantiles[k];
}

TEST(Summary, UnevenSampleAndInterpolationBetweenOrderStatistics) {
  // {2, 4, 4, 5, 12}: mean 27/5 = 5.4; deviations -3.4 -1.4 -1.4 -0.4 6.6, squares sum to
  // 11.56 + 1.96 + 1.96 + 0.16 + 43.56 = 59.2, sd = sqrt(59.2 / 4) = sqrt(14.8).
  // q05: position 0.2 -> 2 + 0.2 * 2 = 2.4; q95: position 3.8 -> 5 + 0.8 * 7 = 10.6.
  std::vector<double> v = {12, 4, 2, 5, 4};
  const Stats s = summarise(v);
  EXPECT_DOUBLE_EQ(s.mean, 5.4);
  EXPECT_NEAR(s.sd, std::sqrt(14.8), 1e-13);
  EXPECT_NEAR(s.q[0], 2.4, 1e-13);
  EXPECT_NEAR(s.q[1], 4.0, 1e-13);
  EXPECT_NEAR(s.q[2], 4.0, 1e-13);
  EXPECT_NEAR(s.q[3], 5.0, 1e-13);
  EXPECT_NEAR(s.q[4], 10.6, 1e-13);
}

TEST(Summary, OneValueHasNoSpreadAndEmptyIsZero) {
  std::vector<double> one = {3.25};
  const Stats s = summarise(one);
  EXPECT_EQ(s.n, 1u);
  EXPECT_EQ(s.mean, 3.25);
  EXPECT_EQ(s.sd, 0.0);
  for (double q : s.q) EXPECT_EQ(q, 3.25);
  std::vector<double> none;
  EXPECT_EQ(summarise(none).n, 0u);
}

TEST(Summary, ResultDoesNotDependOnTheOrderRunsFinished) {
  // Values whose floating-point sum depends on the order of addition.
  std::vector<double> a = {1e16, 1.0, -1e16, 3.0, 0.1, 0.7};
  std::vector<double> b = {0.7, -1e16, 0.1, 1.0, 3.0, 1e16};
  const Stats sa = summarise(a), sb = summarise(b);
  EXPECT_EQ(sa.mean, sb.mean);
  EXPECT_EQ(sa.sd, sb.sd);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(sa.q[k], sb.q[k]);
}

TEST(Summary, SmallSpreadOnALargeLevelKeepsItsDigits) {
  // E[x^2] - E[x]^2 would give 0 or garbage here (x^2 ~ 1e18 carries no digit below 100);
  // the two-pass formula gives sd = 1e-3 up to the rounding of the inputs (spacing 1.2e-7).
  std::vector<double> v = {1e9 - 1e-3, 1e9, 1e9 + 1e-3};
  EXPECT_NEAR(summarise(v).sd, 1e-3, 1e-6);
}

TEST(Summary, QuantileRejectsBadArguments) {
  EXPECT_THROW(quantile_sorted({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile_sorted({1.0}, 1.5), std::invalid_argument);
  EXPECT_EQ(quantile_sorted({1.0, 2.0}, 0.0), 1.0);
  EXPECT_EQ(quantile_sorted({1.0, 2.0}, 1.0), 2.0);
}

}  // namespace
}  // namespace nisim::experiment
