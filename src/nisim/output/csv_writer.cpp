// Tidy indicators.csv (write_text is in util.cpp).
#include <nisim/output/run_folder.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/engine/csv.hpp>

namespace nisim::output {

void check_finite_rows(const std::vector<IndicatorRow>& rows, const std::string& context) {
  for (const IndicatorRow& r : rows)
    if (!std::isfinite(r.value))
      throw std::invalid_argument(fmt::format("{}indicator {} in year {} is not finite ({})", context,
                                              r.indicator, r.year, r.value));
}

void write_indicators_csv(const std::filesystem::path& file, const RunIdentity& id,
                          const std::vector<IndicatorRow>& rows) {
  // The identity columns are the same on every line.
  const std::string prefix = fmt::format("{},{},{},", engine::csv_escape(id.run),
                                         engine::csv_escape(id.scenario), id.seed);
  std::string out = "run,scenario,seed,year,indicator,value\n";
  out.reserve(out.size() + rows.size() * (prefix.size() + 40));
  check_finite_rows(rows);
  for (const IndicatorRow& r : rows) {
    out += prefix;
    fmt::format_to(std::back_inserter(out), "{},{},{}\n", r.year, engine::csv_escape(r.indicator),
                   r.value);  // "{}" is the shortest representation that round-trips
  }
  write_text(file, out);
}

}  // namespace nisim::output
