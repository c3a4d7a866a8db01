#include <nisim/experiment/summary.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nisim::experiment {

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile probability must be in [0, 1]");
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Stats summarise(std::vector<double>& values) {
  Stats s;
  s.n = values.size();
  if (s.n == 0) return s;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n > 1) {
    // Two-pass: the sum of squared deviations from the mean, not E[x^2] - E[x]^2, which
    // loses every digit when the spread is small against the level (GERD in bn CNY).
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  }
  for (int k = 0; k < 5; ++k) s.q[k] = quantile_sorted(values, kSummaryQuantiles[k]);
  return s;
}

}  // namespace nisim::experiment
