// Experimental designs over uncertain parameters (the EMA Workbench / SALib vocabulary):
// full factorial, Latin hypercube, Saltelli's sampling for Sobol indices, and Morris
// trajectories for elementary effects. A design is a table of points; each point is one
// value per parameter, in the parameter's own units. Every design is a pure function of
// its arguments (and its seed): the same call gives the same table on every platform.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nisim::engine {
class CounterRng;
}

namespace nisim::experiment {

/// One uncertain parameter and the range it is sampled over.
struct ParamRange {
  std::string name;      ///< the key it overrides (`--set` syntax, e.g. "project_funding_share"
                         ///< or "policy[1].project_share_change")
  double lo = 0;         ///< lower bound, in the parameter's unit (inclusive)
  double hi = 1;         ///< upper bound, in the parameter's unit (inclusive); lo < hi
  bool log = false;      ///< sample uniformly in log space (needs lo > 0)
  bool integer = false;  ///< round every sampled value to the nearest whole number
};

/// Maps u in [0, 1] to a value of `p`: lo + u (hi - lo), or exp(log lo + u (log hi - log lo))
/// when p.log; rounded half away from zero when p.integer. u = 0 gives lo and u = 1 gives hi
/// exactly.
double from_unit(const ParamRange& p, double u);

/// The inverse of from_unit (before rounding): u in [0, 1] of value `v`.
double to_unit(const ParamRange& p, double v);

enum class DesignKind { Factorial, Lhs, Sobol, Morris, File };

/// "factorial", "lhs", "sobol", "morris", "file".
const char* design_kind_name(DesignKind k);
/// Inverse of design_kind_name; throws std::invalid_argument listing the valid names.
DesignKind parse_design_kind(const std::string& s);

/// A table of points. points[i][j] is the value of params[j] at point i (parameter units).
/// Most points in one design: 1,000,000 (every design builder refuses more, with
/// std::invalid_argument, before allocating).
inline constexpr std::size_t kMaxDesignPoints = 1'000'000;

struct Design {
  DesignKind kind = DesignKind::File;
  std::vector<ParamRange> params;
  std::vector<std::vector<double>> points;
  /// Per point, which group it belongs to: the base sample j for Sobol (every point of
  /// group j is one of A_j, B_j, AB_j^(1..k)), the trajectory for Morris, 0 otherwise.
  std::vector<int> group;
  /// Per point, its role in the group: Sobol "A", "B", "AB1".."ABk" (1-based parameter
  /// index); Morris "0".."k" (step in the trajectory); "" otherwise.
  std::vector<std::string> role;
  /// Morris only: the number of grid levels p.
  int levels = 0;
};

/// Full factorial: every combination of `levels` evenly spaced values per parameter (in
/// log space for log parameters), lo and hi included; levels^k points, the last parameter
/// varying fastest. levels >= 2; throws std::invalid_argument otherwise or if the design
/// would exceed 1'000'000 points.
Design factorial(const std::vector<ParamRange>& params, int levels);

/// Latin hypercube of n points: each parameter's [0,1] is cut into n equal strata, each
/// stratum is used exactly once (random permutation per parameter), with a uniform random
/// position inside the stratum. Random numbers: Philox keyed by `seed`. n >= 1.
Design latin_hypercube(const std::vector<ParamRange>& params, int n, std::uint64_t seed);

/// Saltelli's scheme (Saltelli 2002; 2010, without second-order terms): base matrices
/// A and B (n rows each) from a 2k-dimensional Sobol' low-discrepancy sequence (Joe-Kuo
/// direction numbers, boost::random::sobol), columns 0..k-1 giving A and k..2k-1 giving
/// B; the first `skip` points of the sequence are skipped (SALib skips a power of two).
/// The sequence is boost's, which already leaves out the all-zero first point, so with
/// skip = 0 the first base sample is (0.5, ..., 0.5); SALib's `skip_values = s` (scipy's
/// sequence, which starts at zero) corresponds to skip = s - 1 here.
/// AB_i is A with column i taken from B. Points are ordered by base sample j:
/// A_j, B_j, AB_j^1, ..., AB_j^k, so the design has n (k + 2) points; group = j.
/// n >= 2; k >= 1.
Design saltelli(const std::vector<ParamRange>& params, int n, std::uint64_t skip = 0);

/// Morris (1991) one-at-a-time trajectories, as in SALib's default sampler: `r`
/// trajectories of k + 1 points each on a p-level grid {0, 1/(p-1), ..., 1}, step
/// delta = p / (2 (p - 1)) (p even); each trajectory starts at a random base point and
/// changes one parameter at a time, in a random order, by +delta or -delta, staying in
/// [0, 1]. Points are ordered trajectory by trajectory; group = trajectory, role = step
/// "0".."k". Random numbers: Philox keyed by `seed`. r >= 2, p even >= 2.
Design morris(const std::vector<ParamRange>& params, int r, int levels, std::uint64_t seed);

/// An unbiased whole number in [0, n) drawn from `rng` (Lemire's multiply-and-reject);
/// n >= 1. Shared by the designs and by the bootstraps of the sensitivity indices.
std::uint32_t uniform_below(engine::CounterRng& rng, std::uint32_t n);

}  // namespace nisim::experiment
