#include <nisim/output/select.hpp>

#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/scenario/parameters.hpp>

namespace nisim::output {

std::vector<IndicatorRow> select_indicators(const std::vector<IndicatorRow>& rows,
                                            const std::vector<std::string>& wanted) {
  if (wanted.empty()) return rows;
  std::set<std::string> w(wanted.begin(), wanted.end()), seen, names;
  std::vector<IndicatorRow> out;
  for (const auto& r : rows) {
    const auto dot = r.indicator.find('.');
    const std::string family = dot != std::string::npos ? r.indicator.substr(0, dot) : r.indicator;
    names.insert(r.indicator);
    names.insert(family);
    if (w.count(r.indicator)) seen.insert(r.indicator);
    else if (w.count(family)) seen.insert(family);
    else continue;
    out.push_back(r);
  }
  for (const auto& name : wanted)
    if (!seen.count(name)) {
      const auto hints = scenario::suggest(name, std::vector<std::string>(names.begin(), names.end()));
      throw std::invalid_argument(fmt::format(
          "[outputs].indicators: unknown indicator '{}'{} (docs/indicators.md lists them)", name,
          hints.empty() ? "" : fmt::format(" (did you mean '{}'?)", hints.front())));
    }
  return out;
}

}  // namespace nisim::output
