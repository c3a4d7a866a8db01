#include <nisim/model/exogenous.hpp>

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include <nisim/engine/csv.hpp>
#include <nisim/engine/embedded_files.hpp>

namespace nisim::model {

double YearlySeries::at(int year, double growth_after) const {
  if (points_.empty()) throw std::logic_error("empty exogenous series");
  auto hi = points_.lower_bound(year);
  if (hi != points_.end() && hi->first == year) return hi->second;
  if (hi == points_.begin()) return hi->second;
  if (hi == points_.end()) {
    auto last = std::prev(hi);
    return last->second * std::pow(1.0 + growth_after, year - last->first);
  }
  auto lo = std::prev(hi);
  double w = double(year - lo->first) / double(hi->first - lo->first);
  return lo->second + w * (hi->second - lo->second);
}

Exogenous parse_exogenous(std::string_view csv_text, const std::string& origin) {
  auto t = engine::CsvTable::parse(csv_text, origin);
  Exogenous e;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& s = t.at(r, "series");
    int year = static_cast<int>(t.number(r, "year"));
    double v = t.number(r, "value");
    YearlySeries* target = s == "gdp_cny_bn"            ? &e.gdp_cny_bn
                           : s == "graduates_bachelor" ? &e.graduates_bachelor
                           : s == "graduates_master"   ? &e.graduates_master
                           : s == "graduates_doctoral" ? &e.graduates_doctoral
                                                       : nullptr;
    if (!target)
      throw std::invalid_argument(fmt::format("{}:{}: unknown series '{}'", origin, t.line_of(r), s));
    if (!(v > 0))
      throw std::invalid_argument(fmt::format("{}:{}: value must be positive", origin, t.line_of(r)));
    target->set(year, v);
  }
  for (auto* s : {&e.gdp_cny_bn, &e.graduates_bachelor, &e.graduates_master, &e.graduates_doctoral})
    if (s->empty()) throw std::invalid_argument(origin + ": a required series is missing");
  return e;
}

const Exogenous& china_exogenous() {
  static const Exogenous e =
      parse_exogenous(engine::embedded_file("exogenous_china.csv"), "data/exogenous_china.csv");
  return e;
}

}  // namespace nisim::model
