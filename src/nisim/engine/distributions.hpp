// Random variates built on a uniform (0,1) source: nisim's own implementations.
//
// Why our own: the std::*_distribution classes are not specified algorithm-for-algorithm,
// so libstdc++, libc++ and MSVC give different numbers for the same engine. Every result
// of nisim must be a pure function of the seed, so every variate is produced here by a
// documented algorithm.
//
// Generator requirements. Every function template takes any `R` with a member
//     double uniform();   // a uniform draw in the OPEN interval (0, 1)
// typically nisim::engine::CounterRng. 0 must never be returned (log(u) and
// pow(u, -1/alpha) must stay finite). Exactly 1.0 is tolerated by every function here
// (CounterRng::uniform rounds its largest 53-bit value up to 1.0, probability 2^-53).
//
// Draw counts. Functions that use a fixed number of uniforms say so; with these a
// stream's later draws do not shift when parameters change. Rejection samplers (PTRS,
// BTRS) use a random number of pairs, so draw nothing else from the same stream after
// them unless that dependence is acceptable (prefer one stream per purpose).
//
// Thread safety. All functions are pure apart from advancing `r`; they touch no global
// state (no std::lgamma, which writes the global `signgam` in glibc).
//
// The `*_from_u` variants take a uniform that the caller already has, typically from a
// vectorised batch (engine::fill_uniform); they use exactly that one uniform.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <stdexcept>

namespace nisim::engine::dist {

namespace detail {

/// Natural log of k! for a whole number k >= 0, accurate to a few ulp: a table of summed
/// logs for k < 256, the Stirling series for ln Gamma(k+1) up to the x^-7 term above
/// (truncation error < 1e-24 there). Thread-safe, no global state.
inline double log_factorial(double k) noexcept {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> t{};
    t[0] = 0.0;
    for (std::size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] + std::log(static_cast<double>(i));
    return t;
  }();
  if (k < 256.0) return table[static_cast<std::size_t>(k)];
  // ln Gamma(x) with x = k + 1.
  const double x = k + 1.0;
  const double x2 = 1.0 / (x * x);
  const double series =
      (1.0 / 12.0 - x2 * (1.0 / 360.0 - x2 * (1.0 / 1260.0 - x2 * (1.0 / 1680.0)))) / x;
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2.0 * std::numbers::pi) + series;
}

/// Clamps a non-negative double count to the uint32 range (rounding already done).
inline std::uint32_t to_count(double k) noexcept {
  if (!(k > 0.0)) return 0;
  if (k >= 4294967295.0) return 4294967295u;
  return static_cast<std::uint32_t>(k);
}

}  // namespace detail

/// Uniform on (a, b) (open when a < b; a == b returns a). Uses exactly 1 uniform.
template <class R>
double uniform(R& r, double a, double b) {
  return a + (b - a) * r.uniform();
}

/// Normal (Gaussian) with the given mean and standard deviation `sd` (>= 0; sd == 0
/// returns `mean`). Box-Muller, cosine branch only: uses exactly 2 uniforms per call and
/// caches nothing, so a call's result depends only on its own two draws.
template <class R>
double normal(R& r, double mean = 0.0, double sd = 1.0) {
  const double u1 = r.uniform();
  const double u2 = r.uniform();
  // u1 in (0,1) so the log is finite; the largest |z| is about 8.6 (u1 = 2^-54).
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  return mean + sd * z;
}

/// Log-normal: exp(N(mu, sigma^2)), where `mu` and `sigma` are the mean and standard
/// deviation of the LOG (so the median is exp(mu), the mean exp(mu + sigma^2/2)).
/// Uses exactly 2 uniforms.
template <class R>
double lognormal(R& r, double mu, double sigma) {
  return std::exp(normal(r, mu, sigma));
}

/// Pareto (type I) by inversion of a given uniform u in (0,1): scale `xm` > 0 (the
/// minimum value) and shape `alpha` > 0. P(X > x) = (xm / x)^alpha for x >= xm; the mean
/// is alpha xm / (alpha - 1) when alpha > 1 (infinite otherwise). Monotone decreasing
/// in u (u -> 0 gives the far tail), which keeps common-random-number comparisons smooth.
inline double pareto_from_u(double u, double xm, double alpha) {
  // 1-u is as uniform as u; using u directly avoids the rounding of 1-u near 1.
  return xm * std::pow(u, -1.0 / alpha);
}

/// Pareto (type I) with scale `xm` > 0 and shape `alpha` > 0; see pareto_from_u.
/// Uses exactly 1 uniform.
template <class R>
double pareto(R& r, double xm, double alpha) {
  return pareto_from_u(r.uniform(), xm, alpha);
}

/// Bernoulli trial: true with probability p. p <= 0 (or NaN) is never true, p >= 1
/// always true. Uses exactly 1 uniform (also for p outside (0,1), so streams stay
/// aligned).
template <class R>
bool bernoulli(R& r, double p) {
  const double u = r.uniform();
  return u < p || p >= 1.0;  // p >= 1 guards against u == 1.0
}

/// Poisson quantile for lambda > 700 (where exp(-lambda) underflows): the smallest k with
/// P(X <= k) >= u, from Boost.Math's Poisson distribution (out of line: the header is
/// heavy and the case is rare). Results above 2^32 - 1 are clamped; an infinite lambda
/// throws std::invalid_argument.
std::uint32_t poisson_quantile_large(double u, double lambda);

/// Poisson with mean `lambda` by inversion of the given uniform u in (0,1). Exact up to
/// floating-point rounding of the CDF. Up to lambda = 700 a sequential search of the CDF
/// from 0 (cost O(lambda); intended for lambda < 10, the common case); above, where
/// exp(-lambda) underflows, poisson_quantile_large. lambda <= 0 (or NaN) returns 0.
/// Monotone non-decreasing in u.
inline std::uint32_t poisson_from_u(double u, double lambda) {
  if (!(lambda > 0.0)) return 0;
  if (lambda > 700.0) return poisson_quantile_large(u, lambda);
  // Fast path, exact: exp(-lambda) >= 1 - lambda, so below 1 - lambda (less a margin
  // far above rounding error) the answer is 0 without computing the exponential. Most
  // agents produce nothing in a given month, so this is the common case.
  if (u <= 1.0 - lambda - 0x1p-50) return 0;
  double p = std::exp(-lambda);
  double cdf = p;
  std::uint32_t k = 0;
  while (u > cdf) {
    ++k;
    p *= lambda / static_cast<double>(k);
    const double next = cdf + p;
    // The computed CDF can saturate just below 1 (and u may be 1.0): stop where further
    // terms no longer change it. That only happens in the right tail, since before the
    // mode p_k >= cdf_k / (k + 1).
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

/// Poisson with mean `lambda`, exact. lambda <= 0 (or NaN) returns 0 and draws nothing.
/// lambda < 10: inversion (poisson_from_u), exactly 1 uniform.
/// lambda >= 10: PTRS, the transformed rejection of Hormann (1993), "The transformed
/// rejection method for generating Poisson random variables", Insurance: Mathematics and
/// Economics 12; 2 uniforms per attempt, about 1.15 attempts on average. Results above
/// 2^32 - 1 are clamped (lambda should stay far below 4e9).
template <class R>
std::uint32_t poisson(R& r, double lambda) {
  if (!(lambda > 0.0)) return 0;
  if (lambda < 10.0) return poisson_from_u(r.uniform(), lambda);

  const double slam = std::sqrt(lambda);
  const double loglam = std::log(lambda);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = r.uniform() - 0.5;
    const double v = r.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + lambda + 0.43);
    if (k < 0.0) continue;
    // Inside the squeeze the hat is known to lie under the pmf: accept without logs.
    if (us >= 0.07 && v <= vr) return detail::to_count(k);
    if (us < 0.013 && v > us) continue;
    const double lhs = std::log(v * inv_alpha / (a / (us * us) + b));
    const double rhs = -lambda + k * loglam - detail::log_factorial(k);
    if (lhs <= rhs) return detail::to_count(k);
  }
}

/// Binomial: number of successes in `n` trials of probability `p`, exact.
/// Edge cases draw nothing: n == 0 or p <= 0 (or NaN) returns 0; p >= 1 returns n.
/// p > 0.5 is computed as n - binomial(n, 1 - p) (same draws as for 1 - p).
/// With q = min(p, 1-p): n q < 10 uses inversion (sequential search from 0, exactly 1
/// uniform); otherwise BTRS, the transformed rejection of Hormann (1993), "The generation
/// of binomial random variates", J. Statist. Comput. Simul. 46, with 2 uniforms per
/// attempt (about 1.2 attempts on average).
template <class R>
std::uint32_t binomial(R& r, std::uint32_t n, double p) {
  if (n == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  if (p > 0.5) return n - binomial(r, n, 1.0 - p);

  const double dn = static_cast<double>(n);
  const double q = 1.0 - p;
  if (dn * p < 10.0) {
    // pmf recurrence f(k) = f(k-1) * (n-k+1)/k * p/q, starting from f(0) = q^n.
    const double s = p / q;
    double f = std::exp(dn * std::log1p(-p));
    double cdf = f;
    const double u = r.uniform();
    std::uint32_t k = 0;
    while (u > cdf && k < n) {
      ++k;
      f *= s * (dn - static_cast<double>(k) + 1.0) / static_cast<double>(k);
      const double next = cdf + f;
      if (next == cdf) break;  // saturated CDF, right tail only (as in poisson_from_u)
      cdf = next;
    }
    return k;
  }

  const double spq = std::sqrt(dn * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = dn * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double vr = 0.92 - 4.2 / b;
  const double lpq = std::log(p / q);
  const double m = std::floor((dn + 1.0) * p);
  const double h = detail::log_factorial(m) + detail::log_factorial(dn - m);
  for (;;) {
    const double u = r.uniform() - 0.5;
    const double v = r.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > dn) continue;
    if (us >= 0.07 && v <= vr) return static_cast<std::uint32_t>(k);
    // Exact test: log f(k)/f(m) against the transformed hat.
    const double lhs = std::log(v * alpha / (a / (us * us) + b));
    const double rhs =
        h - detail::log_factorial(k) - detail::log_factorial(dn - k) + (k - m) * lpq;
    if (lhs <= rhs) return static_cast<std::uint32_t>(k);
  }
}

/// Index drawn with probability proportional to its weight, given the CUMULATIVE weights
/// `cumulative` (non-decreasing, non-negative, last element = total weight > 0; it need
/// not be 1). Returns i with probability (cumulative[i] - cumulative[i-1]) / total, by
/// binary search (O(log n)). Zero-weight categories are never returned. Uses exactly 1
/// uniform. Throws std::invalid_argument if `cumulative` is empty or its total is not > 0.
template <class R>
std::size_t categorical(R& r, std::span<const double> cumulative) {
  if (cumulative.empty() || !(cumulative.back() > 0.0))
    throw std::invalid_argument("categorical: cumulative weights must be non-empty with total > 0");
  const double total = cumulative.back();
  const double target = r.uniform() * total;
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  // u * total can round up to total; fall back to the first category reaching the total,
  // which has positive weight (unlike a trailing zero-weight category).
  if (it == cumulative.end()) it = std::lower_bound(cumulative.begin(), cumulative.end(), total);
  return static_cast<std::size_t>(it - cumulative.begin());
}

/// Index drawn with probability weights[i] / sum(weights), by a linear scan (O(n), best
/// for a handful of categories that change every call). Weights must be non-negative;
/// zero-weight categories are never returned. Uses exactly 1 uniform. Throws
/// std::invalid_argument if `weights` is empty or sums to a value that is not > 0.
template <class R>
std::size_t categorical_weights(R& r, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  if (weights.empty() || !(total > 0.0))
    throw std::invalid_argument("categorical_weights: weights must be non-empty with sum > 0");
  const double target = r.uniform() * total;
  double acc = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0.0) last_positive = i;
    acc += weights[i];
    if (target < acc && weights[i] > 0.0) return i;
  }
  // Reached only when rounding makes target >= the running sum at the end.
  return last_positive;
}

}  // namespace nisim::engine::dist
