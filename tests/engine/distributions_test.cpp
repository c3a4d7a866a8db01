// Statistical tests of engine/distributions.hpp. Every test uses fixed stream keys, so
// results are reproducible; tolerances are 5 standard errors (a false failure has
// probability ~1e-6 per check) and 1e6 draws make them tight enough to catch wrong
// constants in the algorithms. One stream per draw (agent = i), as the model uses them.
#include <gtest/gtest.h>

#include <limits>
#include <nisim/engine/distributions.hpp>
#include <nisim/engine/rng.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <ostream>
#include <vector>

#include "test_stats.hpp"

namespace nisim::engine {
namespace {

using test::chi2_critical;
using test::chi2_statistic;
using test::expect_moments;
using test::expect_proportion;
using test::Moments;

constexpr std::uint32_t kN = 1'000'000;

/// Calls f(rng) for i = 0..n-1 with a fresh stream {seed, 7, purpose, i, 3}.
template <class F>
void for_each_stream(std::uint64_t seed, std::uint32_t purpose, std::uint32_t n, F&& f) {
  for (std::uint32_t i = 0; i < n; ++i) {
    CounterRng rng(StreamKey{seed, 7, purpose, i, 3});
    f(rng);
  }
}

/// Counts how many uniforms a distribution consumes.
struct CountingRng {
  CounterRng inner;
  int calls = 0;
  double uniform() {
    ++calls;
    return inner.uniform();
  }
};

/// Returns the same value forever (to probe edge cases of inversion).
struct FixedRng {
  double u;
  double uniform() const { return u; }
};

// Extreme uniforms: the smallest CounterRng::uniform returns, the largest double below 1,
// and 1.0 itself, which CounterRng::uniform returns with probability 2^-53 (its largest
// 53-bit value rounds up); every distribution must cope with all three.
constexpr double kMinU = 0x1.0p-54;
const double kMaxU = std::nextafter(1.0, 0.0);
constexpr double kOne = 1.0;

double poisson_pmf(double lambda, int k) {
  return std::exp(-lambda + k * std::log(lambda) - std::lgamma(k + 1.0));
}
double binomial_pmf(int n, double p, int k) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                  k * std::log(p) + (n - k) * std::log1p(-p));
}

// ---------------------------------------------------------------- continuous

TEST(Distributions, UniformRangeAndMoments) {
  Moments m(0.0);
  double lo = 1e300, hi = -1e300;
  for_each_stream(101, 1, kN, [&](auto& r) {
    const double x = dist::uniform(r, -2.0, 3.0);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    m.add(x);
  });
  EXPECT_GT(lo, -2.0);
  EXPECT_LT(hi, 3.0);
  expect_moments(m, 0.5, 25.0 / 12.0);
}

TEST(Distributions, NormalMomentsAndTails) {
  Moments m(0.0);
  double above2 = 0, below_minus2 = 0, above3 = 0;
  for_each_stream(102, 1, kN, [&](auto& r) {
    const double z = dist::normal(r);
    m.add(z);
    above2 += z > 2.0;
    below_minus2 += z < -2.0;
    above3 += z > 3.0;
  });
  expect_moments(m, 0.0, 1.0);
  expect_proportion(above2, kN, 0.0227501319481792);
  expect_proportion(below_minus2, kN, 0.0227501319481792);
  expect_proportion(above3, kN, 0.0013498980316301);
}

TEST(Distributions, NormalLocationScale) {
  Moments m(10.0);
  for_each_stream(103, 1, kN, [&](auto& r) { m.add(dist::normal(r, 10.0, 2.5)); });
  expect_moments(m, 10.0, 6.25);
  FixedRng half{0.5};
  EXPECT_DOUBLE_EQ(dist::normal(half, 4.0, 0.0), 4.0);
}

TEST(Distributions, NormalUsesExactlyTwoUniforms) {
  CountingRng r{CounterRng(StreamKey{1, 2, 3, 4, 5})};
  for (int i = 0; i < 10; ++i) dist::normal(r);
  EXPECT_EQ(r.calls, 20);
  r.calls = 0;
  dist::lognormal(r, 0.0, 1.0);
  EXPECT_EQ(r.calls, 2);
}

TEST(Distributions, LognormalMedianAndMoments) {
  const double mu = 1.0, sigma = 0.5;
  Moments m(3.0);
  double below_median = 0;
  for_each_stream(104, 1, kN, [&](auto& r) {
    const double x = dist::lognormal(r, mu, sigma);
    ASSERT_GT(x, 0.0);
    m.add(x);
    below_median += x < std::exp(mu);
  });
  expect_proportion(below_median, kN, 0.5);
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double var = (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma);
  expect_moments(m, mean, var);
}

TEST(Distributions, ParetoTailProbability) {
  const double xm = 2.0, alpha = 1.5;
  double above10 = 0, above3 = 0, below_xm = 0;
  for_each_stream(105, 1, kN, [&](auto& r) {
    const double x = dist::pareto(r, xm, alpha);
    below_xm += x < xm;
    above10 += x > 10 * xm;
    above3 += x > 3 * xm;
  });
  EXPECT_EQ(below_xm, 0);
  expect_proportion(above10, kN, std::pow(10.0, -alpha));
  expect_proportion(above3, kN, std::pow(3.0, -alpha));
}

TEST(Distributions, ParetoMeanForAlpha3) {
  const double xm = 1.0, alpha = 3.0;
  Moments m(1.5);
  for_each_stream(106, 1, kN, [&](auto& r) { m.add(dist::pareto(r, xm, alpha)); });
  const double var = xm * xm * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2));
  // The fourth moment is infinite for alpha = 3, so test only the mean.
  EXPECT_NEAR(m.mean(), alpha * xm / (alpha - 1), 5 * std::sqrt(var / kN));
}

TEST(Distributions, ParetoFromUIsInversion) {
  EXPECT_DOUBLE_EQ(dist::pareto_from_u(0.5, 1.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(dist::pareto_from_u(0.01, 3.0, 2.0), 30.0);
  EXPECT_GT(dist::pareto_from_u(0.1, 1.0, 1.5), dist::pareto_from_u(0.2, 1.0, 1.5));
  EXPECT_TRUE(std::isfinite(dist::pareto_from_u(kMinU, 1.0, 0.5)));
  CountingRng r{CounterRng(StreamKey{9, 0, 0, 0, 0})};
  dist::pareto(r, 1.0, 2.0);
  EXPECT_EQ(r.calls, 1);
}

// ---------------------------------------------------------------- Poisson

class PoissonMoments : public ::testing::TestWithParam<double> {};

TEST_P(PoissonMoments, MeanVarianceAndZeroProbability) {
  const double lambda = GetParam();
  Moments m(lambda);
  double zeros = 0;
  for_each_stream(200 + static_cast<std::uint64_t>(lambda * 100), 2, kN, [&](auto& r) {
    const std::uint32_t k = dist::poisson(r, lambda);
    m.add(k);
    zeros += k == 0;
  });
  expect_moments(m, lambda, lambda);
  if (lambda <= 10) expect_proportion(zeros, kN, std::exp(-lambda));
}

INSTANTIATE_TEST_SUITE_P(Distributions, PoissonMoments,
                         ::testing::Values(0.01, 0.5, 3.0, 9.9, 10.0, 25.0, 1000.0));

void poisson_chi2(double lambda, std::uint64_t seed) {
  const int kmax = static_cast<int>(lambda + 12 * std::sqrt(lambda) + 20);
  std::vector<double> pmf(kmax);
  for (int k = 0; k < kmax; ++k) pmf[k] = poisson_pmf(lambda, k);
  std::vector<std::uint64_t> counts(kmax + 1, 0);
  for_each_stream(seed, 3, kN, [&](auto& r) {
    counts[std::min<std::uint32_t>(dist::poisson(r, lambda), kmax)]++;
  });
  const auto [chi2, df] = chi2_statistic(counts, pmf, kN);
  EXPECT_LT(chi2, chi2_critical(df)) << "Poisson(" << lambda << "), df " << df;
}

TEST(Distributions, PoissonChiSquareInversion) { poisson_chi2(4.0, 301); }
TEST(Distributions, PoissonChiSquarePtrs) {
  poisson_chi2(10.0, 302);
  poisson_chi2(37.5, 303);
}

TEST(Distributions, PoissonEdgeCases) {
  CountingRng r{CounterRng(StreamKey{1, 1, 1, 1, 1})};
  EXPECT_EQ(dist::poisson(r, 0.0), 0u);
  EXPECT_EQ(dist::poisson(r, -3.0), 0u);
  EXPECT_EQ(dist::poisson(r, std::nan("")), 0u);
  EXPECT_EQ(r.calls, 0);
  dist::poisson(r, 9.99);
  EXPECT_EQ(r.calls, 1);
  EXPECT_EQ(dist::poisson_from_u(0.5, 0.0), 0u);
  EXPECT_EQ(dist::poisson_from_u(kMinU, 3.0), 0u);
  // u close to 1 must terminate in the far tail, not loop forever.
  EXPECT_GT(dist::poisson_from_u(kMaxU, 3.0), 10u);
  EXPECT_LT(dist::poisson_from_u(kMaxU, 3.0), 60u);
  EXPECT_LT(dist::poisson_from_u(kOne, 3.0), 60u);
  EXPECT_LT(dist::poisson_from_u(kOne, 0.01), 60u);
  EXPECT_GT(dist::poisson_from_u(kOne, 650.0), 700u);
  EXPECT_LT(dist::poisson_from_u(kOne, 650.0), 1000u);
  // Above 700 the CDF search would underflow: the quantile takes over (median ~ lambda).
  EXPECT_NEAR(double(dist::poisson_from_u(0.5, 800.0)), 800.0, 1.0);
  EXPECT_LT(dist::poisson_from_u(kOne, 800.0), 1100u);
  EXPECT_THROW(dist::poisson_from_u(0.5, std::numeric_limits<double>::infinity()), std::invalid_argument);
}

TEST(Distributions, PoissonFromUMatchesCdf) {
  const double lambda = 2.5;
  double cdf = 0;
  for (int k = 0; k < 12; ++k) {
    const double prev = cdf;
    cdf += poisson_pmf(lambda, k);
    // Just inside each CDF step the inverse is k.
    EXPECT_EQ(dist::poisson_from_u(prev + 1e-9, lambda), static_cast<std::uint32_t>(k));
    EXPECT_EQ(dist::poisson_from_u(cdf - 1e-9, lambda), static_cast<std::uint32_t>(k));
  }
}

// ---------------------------------------------------------------- binomial

struct BinomialCase {
  std::uint32_t n;
  double p;
};
void PrintTo(const BinomialCase& c, std::ostream* os) { *os << "n=" << c.n << " p=" << c.p; }

class BinomialMoments : public ::testing::TestWithParam<BinomialCase> {};

TEST_P(BinomialMoments, MeanAndVariance) {
  const auto [n, p] = GetParam();
  const double mean = n * p, var = n * p * (1 - p);
  Moments m(mean);
  std::uint32_t max_seen = 0;
  for_each_stream(400 + n + static_cast<std::uint64_t>(p * 1000), 4, kN, [&](auto& r) {
    const std::uint32_t k = dist::binomial(r, n, p);
    max_seen = std::max(max_seen, k);
    m.add(k);
  });
  EXPECT_LE(max_seen, n);
  expect_moments(m, mean, var);
}

INSTANTIATE_TEST_SUITE_P(
    Distributions, BinomialMoments,
    ::testing::Values(BinomialCase{1, 0.5}, BinomialCase{10, 0.05}, BinomialCase{20, 0.3},
                      BinomialCase{50, 0.99}, BinomialCase{1'000'000, 2e-6},
                      BinomialCase{100, 0.5}, BinomialCase{1000, 0.3}, BinomialCase{1000, 0.9},
                      BinomialCase{100000, 0.4}));

void binomial_chi2(int n, double p, std::uint64_t seed) {
  std::vector<double> pmf(n + 1);
  for (int k = 0; k <= n; ++k) pmf[k] = binomial_pmf(n, p, k);
  std::vector<std::uint64_t> counts(n + 2, 0);
  for_each_stream(seed, 5, kN, [&](auto& r) { counts[dist::binomial(r, n, p)]++; });
  EXPECT_EQ(counts[n + 1], 0u);
  const auto [chi2, df] = chi2_statistic(counts, pmf, kN);
  EXPECT_LT(chi2, chi2_critical(df)) << "Binomial(" << n << ", " << p << "), df " << df;
}

TEST(Distributions, BinomialChiSquareInversion) { binomial_chi2(20, 0.3, 501); }
TEST(Distributions, BinomialChiSquareBtrs) {
  binomial_chi2(1000, 0.3, 502);
  binomial_chi2(60, 0.75, 503);  // symmetry + BTRS near the n p = 10 threshold
}

TEST(Distributions, BinomialEdgeCases) {
  CountingRng r{CounterRng(StreamKey{2, 2, 2, 2, 2})};
  EXPECT_EQ(dist::binomial(r, 0, 0.5), 0u);
  EXPECT_EQ(dist::binomial(r, 10, 0.0), 0u);
  EXPECT_EQ(dist::binomial(r, 10, -1.0), 0u);
  EXPECT_EQ(dist::binomial(r, 10, std::nan("")), 0u);
  EXPECT_EQ(dist::binomial(r, 10, 1.0), 10u);
  EXPECT_EQ(dist::binomial(r, 10, 2.0), 10u);
  EXPECT_EQ(r.calls, 0);
  dist::binomial(r, 30, 0.2);  // inversion: one uniform
  EXPECT_EQ(r.calls, 1);
  // Extreme uniforms stay inside [0, n].
  FixedRng hi{kMaxU}, lo{kMinU}, one{kOne};
  EXPECT_LE(dist::binomial(hi, 5, 0.4), 5u);
  EXPECT_LE(dist::binomial(one, 5, 0.4), 5u);
  EXPECT_LE(dist::binomial(one, 1'000'000, 1e-6), 100u);
  EXPECT_TRUE(std::isfinite(dist::normal(one)));
  EXPECT_EQ(dist::pareto(one, 2.0, 1.5), 2.0);
  EXPECT_EQ(dist::binomial(lo, 5, 0.4), 0u);
  EXPECT_EQ(dist::binomial(lo, 5, 0.6), 5u);  // symmetry: n - Binomial(n, 0.4)
}

// ---------------------------------------------------------------- discrete choices

TEST(Distributions, BernoulliFrequencyAndEdges) {
  double hits = 0;
  for_each_stream(601, 6, kN, [&](auto& r) { hits += dist::bernoulli(r, 0.3); });
  expect_proportion(hits, kN, 0.3);
  FixedRng lo{kMinU}, hi{kMaxU}, one{kOne};
  EXPECT_FALSE(dist::bernoulli(lo, 0.0));
  EXPECT_TRUE(dist::bernoulli(hi, 1.0));
  EXPECT_TRUE(dist::bernoulli(one, 1.0));
  EXPECT_FALSE(dist::bernoulli(one, 0.999));
  CountingRng r{CounterRng(StreamKey{3, 3, 3, 3, 3})};
  dist::bernoulli(r, 0.0);
  dist::bernoulli(r, 1.0);
  EXPECT_EQ(r.calls, 2);  // one uniform even when the outcome is certain
}

TEST(Distributions, CategoricalFrequencies) {
  const std::array<double, 6> w{2.0, 0.0, 3.0, 0.5, 4.5, 0.0};
  std::array<double, 6> cum{};
  std::partial_sum(w.begin(), w.end(), cum.begin());
  const double total = cum.back();
  std::array<double, 6> a{}, b{};
  for_each_stream(701, 7, kN, [&](auto& r) {
    a[dist::categorical(r, std::span<const double>(cum))]++;
    b[dist::categorical_weights(r, std::span<const double>(w))]++;
  });
  for (std::size_t i = 0; i < w.size(); ++i) {
    SCOPED_TRACE(i);
    expect_proportion(a[i], kN, w[i] / total);
    expect_proportion(b[i], kN, w[i] / total);
  }
  EXPECT_EQ(a[1], 0);
  EXPECT_EQ(a[5], 0);
  EXPECT_EQ(b[1], 0);
  EXPECT_EQ(b[5], 0);
}

TEST(Distributions, CategoricalEdges) {
  // Total need not be 1; u * total rounding up to total must not pick a trailing zero.
  const std::array<double, 3> cum{1.0, 3.0, 3.0};
  const std::array<double, 3> w{1.0, 2.0, 0.0};
  FixedRng hi{kMaxU}, lo{kMinU}, one{kOne};
  EXPECT_EQ(dist::categorical(hi, std::span<const double>(cum)), 1u);
  EXPECT_EQ(dist::categorical_weights(hi, std::span<const double>(w)), 1u);
  EXPECT_EQ(dist::categorical(one, std::span<const double>(cum)), 1u);
  EXPECT_EQ(dist::categorical_weights(one, std::span<const double>(w)), 1u);
  const std::array<double, 3> cum0{0.0, 0.0, 5.0};
  const std::array<double, 3> w0{0.0, 0.0, 5.0};
  EXPECT_EQ(dist::categorical(lo, std::span<const double>(cum0)), 2u);
  EXPECT_EQ(dist::categorical_weights(lo, std::span<const double>(w0)), 2u);
  const std::array<double, 2> zero{0.0, 0.0};
  EXPECT_THROW(dist::categorical(lo, std::span<const double>(zero)), std::invalid_argument);
  EXPECT_THROW(dist::categorical_weights(lo, std::span<const double>(zero)),
               std::invalid_argument);
  EXPECT_THROW(dist::categorical(lo, std::span<const double>()), std::invalid_argument);
}

TEST(Distributions, CategoricalIntervalsAreHalfOpen) {
  // Category i owns targets in [cum[i-1], cum[i]); a target exactly on a boundary goes
  // to the next category with positive weight, never to a zero-weight one.
  const std::array<double, 3> cum{1.0, 1.0, 4.0};
  const std::array<double, 3> w{1.0, 0.0, 3.0};
  FixedRng quarter{0.25};  // target = 0.25 * 4 = 1.0 exactly
  EXPECT_EQ(dist::categorical(quarter, std::span<const double>(cum)), 2u);
  EXPECT_EQ(dist::categorical_weights(quarter, std::span<const double>(w)), 2u);
  FixedRng below{0.2};
  EXPECT_EQ(dist::categorical(below, std::span<const double>(cum)), 0u);
  EXPECT_EQ(dist::categorical_weights(below, std::span<const double>(w)), 0u);
}

TEST(Distributions, LogFactorialMatchesLgamma) {
  // The rejection samplers' exactness rests on this; check both the table (k < 256)
  // and the Stirling series, including the switch-over.
  auto check = [](double k) {
    const double expected = std::lgamma(k + 1.0);
    EXPECT_NEAR(dist::detail::log_factorial(k), expected, 4e-15 * std::max(1.0, expected))
        << "k = " << k;
  };
  for (int k = 0; k < 3000; ++k) check(k);
  for (double k : {1e4, 123456.0, 1e6, 3.3e7, 1e9, 4e9}) check(k);
}

// Guards against silent drift of the integer samplers: these values were produced by
// this implementation and must only change with a deliberate, documented change.
TEST(Distributions, GoldenIntegerDraws) {
  std::uint64_t sum_p_small = 0, sum_p_large = 0, sum_b_inv = 0, sum_b_btrs = 0;
  for_each_stream(2024, 9, 1000, [&](auto& r) {
    sum_p_small += dist::poisson(r, 2.5);
    sum_p_large += dist::poisson(r, 150.0);
    sum_b_inv += dist::binomial(r, 40, 0.1);
    sum_b_btrs += dist::binomial(r, 500, 0.7);
  });
  EXPECT_EQ(sum_p_small, 2563u);
  EXPECT_EQ(sum_p_large, 150253u);
  EXPECT_EQ(sum_b_inv, 4082u);
  EXPECT_EQ(sum_b_btrs, 350181u);
}

}  // namespace
}  // namespace nisim::engine
