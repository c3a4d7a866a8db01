// Simulated time. A run advances in monthly ticks; tick 0 is January of the start year.
#pragma once

#include <string>

namespace nisim::engine {

/// A point in simulated time: `tick` months after January of `start_year`.
/// Example: {start_year = 2010, tick = 13} is February 2011. Negative ticks (months
/// before the start, e.g. for lagged data) are supported: tick -1 is December of
/// start_year - 1.
struct Clock {
  int start_year = 2010;  ///< calendar year of tick 0
  int tick = 0;           ///< months since January of start_year

  /// Calendar year of this tick.
  constexpr int year() const noexcept { return start_year + floor_div12(tick); }
  /// Calendar month of this tick, 1 (January) .. 12 (December).
  constexpr int month() const noexcept { return tick - 12 * floor_div12(tick) + 1; }
  /// True in January (the tick where yearly processes usually run).
  constexpr bool is_january() const noexcept { return month() == 1; }
  /// The tick of month `m` (1..12, default January) of calendar year `y`, under the same
  /// start year (may be negative for dates before the start).
  constexpr int tick_of(int y, int m = 1) const noexcept { return 12 * (y - start_year) + m - 1; }
  /// "YYYY-MM", e.g. "2011-02"; the month always has two digits.
  std::string year_month() const {
    const int y = year(), m = month();
    std::string s = std::to_string(y);
    s += m < 10 ? "-0" : "-";
    s += std::to_string(m);
    return s;
  }

 private:
  // Rounds toward minus infinity so negative ticks map to the previous year.
  static constexpr int floor_div12(int t) noexcept { return t >= 0 ? t / 12 : -((-t + 11) / 12); }
};

}  // namespace nisim::engine
