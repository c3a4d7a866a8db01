// Tidy indicators.csv and whole-file text output.
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

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::FILE* f = std::fopen(file.c_str(), "wb");
  if (!f) throw OutputError(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  int err = 0;
  if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0) err = errno;
  if (std::fclose(f) != 0 && err == 0) err = errno;
  if (err != 0)
    throw OutputError(fmt::format("cannot write {}: {}", file.string(), std::strerror(err)));
}

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
