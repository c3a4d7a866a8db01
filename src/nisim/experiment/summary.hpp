// Ensemble statistics of one indicator in one year over a set of runs.
#pragma once
#include <cstddef>
#include <vector>

namespace nisim::experiment {

/// Probabilities of the quantiles reported in summary.csv.
inline constexpr double kSummaryQuantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};

/// Mean, spread and quantiles of a sample.
struct Stats {
  std::size_t n = 0;   ///< sample size
  double mean = 0;     ///< arithmetic mean (0 if n = 0)
  double sd = 0;       ///< sample standard deviation, divisor n - 1 (0 if n < 2)
  double q[5] = {};    ///< quantiles at kSummaryQuantiles (0 if n = 0)
};

/// Quantile of a SORTED sample at probability p in [0, 1]: linear interpolation between
/// order statistics at position (n - 1) p (Hyndman and Fan type 7, the default of R and
/// numpy). Throws std::invalid_argument on an empty sample or p outside [0, 1].
double quantile_sorted(const std::vector<double>& sorted, double p);

/// Stats of `values` (sorted in place). The mean and the sum of squares are accumulated
/// in the order of the sorted values, so the result does not depend on the order in
/// which runs finished.
Stats summarise(std::vector<double>& values);

}  // namespace nisim::experiment
