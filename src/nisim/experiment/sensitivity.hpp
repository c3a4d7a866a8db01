// Global sensitivity analysis of one scalar output over a design: Sobol' first-order and
// total indices (Saltelli sampling, Jansen estimators, bootstrap confidence intervals)
// and Morris elementary effects (mu, mu*, sigma). Estimators follow SALib's conventions
// so that users can compare numbers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nisim/experiment/design.hpp>

namespace nisim::experiment {

/// Sobol' indices of one parameter.
struct SobolIndex {
  std::string name;
  double s1 = 0;       ///< first-order index S_i (share of variance due to x_i alone)
  double s1_conf = 0;  ///< half-width of the bootstrap confidence interval of S_i
  double st = 0;       ///< total index S_Ti (x_i with all its interactions)
  double st_conf = 0;  ///< half-width of the bootstrap confidence interval of S_Ti
};

/// Options of sobol_indices.
struct SobolOptions {
  int bootstrap = 1000;         ///< bootstrap resamples of the base samples
  double conf_level = 0.95;     ///< confidence level of the intervals
  std::uint64_t seed = 1;       ///< seed of the bootstrap resampling (Philox)
};

/// Result of sobol_indices.
struct SobolResult {
  std::vector<SobolIndex> indices;  ///< one per design parameter, in design order
  int base_samples_used = 0;        ///< groups with every output finite
  int base_samples_dropped = 0;     ///< groups dropped because an output was not finite
  double variance = 0;              ///< Var(Y) estimated from the A and B points
};

/// Sobol' indices from a Saltelli design and its outputs y (y[i] for design.points[i]).
/// Jansen (1999) estimators with V = Var(Y) over the A and B outputs:
///   S_i  = (V - mean_j (f(B_j) - f(AB_j^i))^2 / 2) / V
///   S_Ti = mean_j (f(A_j) - f(AB_j^i))^2 / 2 / V
/// Confidence: `bootstrap` resamples of the base samples with replacement; half-width =
/// z_{(1+conf)/2} * sd of the resampled estimates (as SALib). A group with a non-finite
/// output (a failed run is NaN) is dropped whole. Throws std::invalid_argument if the
/// design is not a Saltelli design, y has the wrong size, fewer than 2 groups remain, or
/// V is zero.
SobolResult sobol_indices(const Design& design, const std::vector<double>& y,
                          const SobolOptions& options = {});

/// Morris elementary-effect statistics of one parameter.
struct MorrisIndex {
  std::string name;
  double mu = 0;            ///< mean elementary effect
  double mu_star = 0;       ///< mean absolute elementary effect
  double sigma = 0;         ///< standard deviation (n - 1) of the elementary effects
  double mu_star_conf = 0;  ///< bootstrap half-width of mu_star (conf_level 0.95)
  int effects = 0;          ///< elementary effects used
};

struct MorrisResult {
  std::vector<MorrisIndex> indices;  ///< one per design parameter, in design order
  int trajectories_used = 0;
  int trajectories_dropped = 0;      ///< with a non-finite output
};

/// Elementary effects from a Morris design and its outputs. The effect of parameter i in
/// a trajectory is (y(after) - y(before)) / (u_after - u_before), with u the position in
/// the unit interval (so effects are per whole range, as in SALib). Trajectories with a
/// non-finite output are dropped. `seed` drives the bootstrap of mu_star (1000 resamples).
/// Throws std::invalid_argument on a design that is not a Morris design or a y of the
/// wrong size, or when fewer than 2 trajectories remain.
MorrisResult morris_indices(const Design& design, const std::vector<double>& y,
                            std::uint64_t seed = 1);

/// Inverse of the standard normal CDF at p in (0, 1) (Acklam's rational approximation
/// with one Halley step; about 1e-15 relative error). Gives the z of the intervals above,
/// e.g. normal_quantile(0.975) = 1.959963984540054. Throws std::invalid_argument outside
/// (0, 1).
double normal_quantile(double p);

}  // namespace nisim::experiment
