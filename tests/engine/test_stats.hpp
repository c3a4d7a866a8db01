// Small statistics helpers for the engine's distribution tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace nisim::engine::test {

/// Sample moments accumulated in long double around a shift (a rough centre), which
/// keeps the sums accurate for large means such as Poisson(1000).
struct Moments {
  explicit Moments(double shift = 0.0) : shift_(shift) {}
  void add(double x) {
    const long double d = static_cast<long double>(x) - shift_;
    ++n_;
    s1_ += d;
    s2_ += d * d;
    s3_ += d * d * d;
    s4_ += d * d * d * d;
  }
  double mean() const { return static_cast<double>(shift_ + s1_ / n_); }
  double var() const {  // population (biased) variance; N is 1e6 so the bias is negligible
    const long double m = s1_ / n_;
    return static_cast<double>(s2_ / n_ - m * m);
  }
  /// Fourth central moment, used for the standard error of the variance.
  double m4() const {
    const long double m = s1_ / n_, e2 = s2_ / n_, e3 = s3_ / n_, e4 = s4_ / n_;
    return static_cast<double>(e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m);
  }
  double n() const { return static_cast<double>(n_); }
  /// Standard error of the sample variance: sqrt((mu4 - sigma^4) / N).
  double var_se() const { return std::sqrt((m4() - var() * var()) / n()); }

 private:
  long double shift_;
  std::size_t n_ = 0;
  long double s1_ = 0, s2_ = 0, s3_ = 0, s4_ = 0;
};

/// Asserts the sample mean and variance are within `z` standard errors of theory.
inline void expect_moments(const Moments& m, double mean, double var, double z = 5.0) {
  const double se_mean = std::sqrt(var / m.n());
  EXPECT_NEAR(m.mean(), mean, z * se_mean) << "sample mean vs theory";
  EXPECT_NEAR(m.var(), var, z * m.var_se()) << "sample variance vs theory";
}

/// Asserts an observed proportion count/n is within z standard errors of p.
inline void expect_proportion(double count, double n, double p, double z = 5.0) {
  const double se = std::sqrt(p * (1.0 - p) / n);
  EXPECT_NEAR(count / n, p, z * se + 1e-12) << "proportion vs theory";
}

/// Chi-square critical value at `z` standard-normal quantiles (Wilson-Hilferty).
/// z = 5 corresponds to an upper-tail probability of about 3e-7.
inline double chi2_critical(double df, double z = 5.0) {
  const double a = 2.0 / (9.0 * df);
  const double t = 1.0 - a + z * std::sqrt(a);
  return df * t * t * t;
}

/// Pearson chi-square of integer `samples` against `pmf` (pmf[k] = P(X = k) for
/// k < pmf.size()), pooling adjacent cells until each expected count is >= 20.
/// Returns {statistic, degrees of freedom}.
inline std::pair<double, double> chi2_statistic(const std::vector<std::uint64_t>& counts,
                                                const std::vector<double>& pmf, double n) {
  // counts has pmf.size() + 1 cells; the last one collects k >= pmf.size().
  double tail_p = 1.0;
  for (double p : pmf) tail_p -= p;
  std::vector<double> obs, expct;
  double o = 0, e = 0;
  for (std::size_t k = 0; k <= pmf.size(); ++k) {
    o += static_cast<double>(counts[k]);
    e += n * (k < pmf.size() ? pmf[k] : std::max(tail_p, 0.0));
    if (e >= 20.0) {
      obs.push_back(o);
      expct.push_back(e);
      o = e = 0;
    }
  }
  if (!obs.empty()) {  // fold any remainder into the last cell
    obs.back() += o;
    expct.back() += e;
  }
  double chi2 = 0;
  for (std::size_t i = 0; i < obs.size(); ++i) {
    const double d = obs[i] - expct[i];
    chi2 += d * d / expct[i];
  }
  return {chi2, static_cast<double>(obs.size()) - 1.0};
}

}  // namespace nisim::engine::test
