// Exogenous drivers (MECHANICS.md section 0): nominal GDP and graduate inflows, read from
// data/exogenous_china.csv for the data years and projected after them.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace nisim::model {

/// One yearly series with linear interpolation inside the data years and constant growth
/// after the last data year.
class YearlySeries {
 public:
  void set(int year, double value) { points_[year] = value; }
  bool empty() const { return points_.empty(); }
  int first_year() const { return points_.begin()->first; }
  int last_year() const { return points_.rbegin()->first; }
  /// Value in `year`; years before the first data year take the first value; years
  /// after the last grow at `growth_after` per year from the last value.
  double at(int year, double growth_after) const;

 private:
  std::map<int, double> points_;
};

/// The exogenous inputs of one run.
struct Exogenous {
  YearlySeries gdp_cny_bn;          ///< nominal GDP, bn CNY
  YearlySeries graduates_bachelor;  ///< persons per year (bachelor's and short-cycle)
  YearlySeries graduates_master;    ///< persons per year
  YearlySeries graduates_doctoral;  ///< persons per year
};

/// Parses a table with columns series,year,value (others ignored). Throws
/// std::invalid_argument naming origin and line on unknown series or bad numbers.
Exogenous parse_exogenous(std::string_view csv_text, const std::string& origin);

/// China's series (data/exogenous_china.csv embedded in the build).
const Exogenous& china_exogenous();

}  // namespace nisim::model
