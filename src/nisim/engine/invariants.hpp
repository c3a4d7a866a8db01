// Run-time invariant checks: accounting identities and NaN/Inf, checked on every run
// (not only in debug builds), failing loudly with the tick and the variable.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace nisim::engine {

/// Thrown when an invariant of a run breaks. what() reads
///   "invariant broken at tick T (YYYY-MM): VARIABLE: DETAIL"
/// e.g. "invariant broken at tick 13 (2011-02): researchers.salary: value is nan
/// (not finite)", where YYYY-MM is the calendar month of tick T (see engine::Clock).
class InvariantError : public std::runtime_error {
 public:
  /// `tick`: months since January of `start_year`; `variable`: dotted name of what broke
  /// (for example "budget.balance"); `detail`: what was expected and the values seen.
  InvariantError(int tick, int start_year, std::string variable, std::string detail);

  int tick() const noexcept { return tick_; }
  int year() const noexcept { return year_; }
  int month() const noexcept { return month_; }  ///< 1..12
  const std::string& variable() const noexcept { return variable_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  int tick_, year_, month_;
  std::string variable_, detail_;
};

/// Throws InvariantError unless `value` is finite; the detail names the value
/// ("value is nan (not finite)", "value is inf (not finite)", "value is -inf ...").
void check_finite(int tick, int start_year, std::string_view variable, double value);

/// Throws InvariantError unless lhs and rhs are close:
///   |lhs - rhs| <= max(abs_tol, rel_tol * max(|lhs|, |rhs|))
/// (NaN or infinite values always fail). Typical use, an accounting identity:
///   check_close(t, y0, "budget", allocated, spent + carried, 1e-9, 1e-6,
///               "allocated != spent + carried over");
/// The detail of the error is `detail` followed by both values, their difference and the
/// tolerance, printed with full (round-trip) precision.
void check_close(int tick, int start_year, std::string_view variable, double lhs, double rhs,
                 double rel_tol, double abs_tol, std::string_view detail);

}  // namespace nisim::engine
