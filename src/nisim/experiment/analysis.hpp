// `nisim sensitivity`: Sobol' or Morris indices of one indicator in one year, computed
// from a finished sweep folder.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>

#include <nisim/experiment/sensitivity.hpp>

namespace nisim::experiment {

struct SensitivityRequest {
  std::filesystem::path dir;   ///< a sweep folder (--design sobol or morris)
  std::string method;          ///< "sobol" or "morris"
  std::string indicator;       ///< e.g. "gerd_cny_bn"
  int year = 0;
  int bootstrap = 1000;        ///< Sobol' bootstrap resamples
  double conf_level = 0.95;
  std::uint64_t seed = 1;      ///< seed of the bootstrap
};

struct SensitivityReport {
  std::string method;
  std::variant<SobolResult, MorrisResult> result;
  std::size_t points = 0;          ///< design points
  std::size_t points_missing = 0;  ///< points with a failed or missing replication (NaN)
  std::string csv;                 ///< the table as CSV (header + one row per parameter)
};

/// The output of each design point is the mean of the indicator over the point's
/// replications; a point with a failed or missing replication is NaN, and the estimators
/// drop its group (base sample or trajectory). Throws std::invalid_argument (a user error)
/// for a folder that is not a sweep of the right design, an unknown indicator or a year
/// outside the runs; output::OutputError (also a user error) for a folder that is not an
/// experiment folder (NotAnExperimentError for a run folder, saying a sweep is needed) or
/// whose store is damaged (NULL or non-finite values, duplicate rows, bad JSON).
SensitivityReport analyse_sensitivity(const SensitivityRequest& request);

}  // namespace nisim::experiment
