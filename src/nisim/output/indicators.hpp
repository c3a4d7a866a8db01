// Indicator rows: the tidy result of a run, one value per (year, indicator).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nisim::output {

/// One value of one indicator in one year, at national size (see MODEL.md section 6).
struct IndicatorRow {
  int year = 0;
  std::string indicator;  ///< e.g. "gerd_cny_bn"; ids match ../shared/data where they exist
  double value = 0;
};

/// Identity of the run that produced a set of rows; the first columns of every tidy table.
struct RunIdentity {
  std::string run;        ///< run id, e.g. "run-0001" or a user-chosen label
  std::string scenario;   ///< scenario name
  std::uint64_t seed = 0;
};

/// Throws std::invalid_argument naming the first row whose value is not finite
/// ("<context>indicator X in year Y is not finite (nan)"); every writer of tidy rows calls
/// it before it writes anything.
void check_finite_rows(const std::vector<IndicatorRow>& rows, const std::string& context = "");

}  // namespace nisim::output
