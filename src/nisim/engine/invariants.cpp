#include <nisim/engine/invariants.hpp>

#include <fmt/format.h>
#include <nisim/engine/clock.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace nisim::engine {

namespace {
std::string headline(int tick, int start_year, const std::string& variable,
                     const std::string& detail) {
  const Clock c{start_year, tick};
  return fmt::format("invariant broken at tick {} ({}): {}: {}", tick, c.year_month(), variable,
                     detail);
}
}  // namespace

InvariantError::InvariantError(int tick, int start_year, std::string variable,
                               std::string detail)
    : std::runtime_error(headline(tick, start_year, variable, detail)),
      tick_(tick),
      year_(Clock{start_year, tick}.year()),
      month_(Clock{start_year, tick}.month()),
      variable_(std::move(variable)),
      detail_(std::move(detail)) {}

void check_finite(int tick, int start_year, std::string_view variable, double value) {
  if (std::isfinite(value)) return;
  throw InvariantError(tick, start_year, std::string(variable),
                       fmt::format("value is {} (not finite)", value));
}

void check_close(int tick, int start_year, std::string_view variable, double lhs, double rhs,
                 double rel_tol, double abs_tol, std::string_view detail) {
  const double diff = std::fabs(lhs - rhs);
  const double tol = std::max(abs_tol, rel_tol * std::max(std::fabs(lhs), std::fabs(rhs)));
  // Written so that NaN anywhere fails (every comparison with NaN is false).
  if (diff <= tol) return;
  throw InvariantError(
      tick, start_year, std::string(variable),
      fmt::format("{}: lhs = {}, rhs = {}, |lhs - rhs| = {} exceeds tolerance {} "
                  "(rel_tol {}, abs_tol {})",
                  detail, lhs, rhs, diff, tol, rel_tol, abs_tol));
}

}  // namespace nisim::engine
