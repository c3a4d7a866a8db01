#include <nisim/output/compare.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <nisim/engine/csv.hpp>

namespace nisim::output {

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p, const fs::path& dir) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::invalid_argument(fmt::format("{}: missing {} (is it a nisim run folder?)", dir.string(),
                                                   p.filename().string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

FolderData read_run_folder(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw std::invalid_argument(fmt::format("{}: not a folder", dir.string()));
  FolderData f;
  f.dir = dir;
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(slurp(dir / "manifest.json", dir));
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(
        fmt::format("{}: manifest.json is not valid JSON (syntax error at byte {})", dir.string(), e.byte));
  }
  if (!m.is_object()) throw std::invalid_argument(fmt::format("{}: manifest.json is not a JSON object", dir.string()));
  if (!m.contains("nisim_version") || !m["nisim_version"].is_string())
    throw std::invalid_argument(fmt::format("{}: manifest.json has no nisim_version", dir.string()));
  try {
    f.version = m["nisim_version"].get<std::string>();
    const std::string name = m.contains("scenario") && m["scenario"].contains("name")
                                 ? m["scenario"]["name"].get<std::string>()
                                 : dir.filename().string();
    f.label = m.contains("seed") ? fmt::format("{} (seed {})", name, m["seed"].get<std::uint64_t>()) : name;
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(fmt::format(
        "{}: manifest.json: scenario.name is not a text or seed is not a non-negative integer", dir.string()));
  }
  // Every row is checked: a damaged file is refused, never read as numbers.
  std::map<std::string, std::map<int, double>> values;
  std::map<std::pair<std::string, int>, std::size_t> line_of;  // (indicator, year) -> line
  try {
    const std::string file = (dir / "indicators.csv").string();
    auto table = engine::CsvTable::parse(slurp(dir / "indicators.csv", dir), file);
    std::string run;
    for (std::size_t r = 0; r < table.rows(); ++r) {
      const std::size_t line = table.line_of(r);
      const std::string& this_run = table.at(r, "run");
      if (r == 0) run = this_run;
      if (this_run != run)
        throw std::invalid_argument(fmt::format("{}:{}: run '{}' after run '{}': a run folder's indicators.csv holds "
                                                "one run (the file is damaged or not a run's)",
                                                file, line, this_run, run));
      const double year = table.number(r, "year");
      if (year != std::floor(year) || std::abs(year) > 1e6)
        throw std::invalid_argument(fmt::format("{}:{}: year {} is not a whole year", file, line, table.at(r, "year")));
      const double v = table.number(r, "value");
      if (!std::isfinite(v))
        throw std::invalid_argument(fmt::format("{}:{}: value '{}' is not a finite number (nisim writes only finite "
                                                "values: the file is damaged)",
                                                file, line, table.at(r, "value")));
      const std::string& ind = table.at(r, "indicator");
      const auto [it, fresh] = line_of.emplace(std::make_pair(ind, static_cast<int>(year)), line);
      if (!fresh)
        throw std::invalid_argument(fmt::format("{}:{}: duplicate row: indicator {}, year {} is already on line {}",
                                                file, line, ind, static_cast<int>(year), it->second));
      values[ind][static_cast<int>(year)] = v;
    }
  } catch (const engine::CsvError& e) {
    throw std::invalid_argument(fmt::format("{}: {}", dir.string(), e.what()));
  }
  for (auto& [k, v] : values) {
    f.indicators.push_back(k);
    f.series.push_back({k, std::vector<std::pair<int, double>>(v.begin(), v.end())});
  }
  return f;
}

std::vector<std::string> comparable_labels(const std::vector<Origin>& origins) {
  const Origin& ref = origins.front();
  for (const auto& o : origins)
    if (o.version != ref.version)
      throw std::invalid_argument(fmt::format("{} was written by nisim {} but {} by nisim {}: results of different "
                                              "versions are not comparable",
                                              ref.dir.string(), ref.version, o.dir.string(), o.version));
  // Two sides may carry the same label (a --set variant of one scenario and seed): then
  // the folder path tells them apart.
  std::vector<std::string> labels;
  for (const auto& o : origins) {
    const auto same = std::count_if(origins.begin(), origins.end(), [&](const Origin& p) { return p.label == o.label; });
    labels.push_back(same > 1 ? fmt::format("{} [{}]", o.label, o.dir.string()) : o.label);
  }
  return labels;
}

std::vector<Difference> compare_folders(const std::vector<FolderData>& folders) {
  if (folders.size() < 2) throw std::invalid_argument("compare needs at least two folders");
  const auto& ref = folders.front();
  std::vector<Origin> origins;
  for (const auto& f : folders) origins.push_back({f.dir, f.label, f.version});
  const std::vector<std::string> labels = comparable_labels(origins);
  std::vector<Difference> out;
  for (std::size_t i = 1; i < folders.size(); ++i) {
    const auto& other = folders[i];
    std::map<std::string, const std::vector<std::pair<int, double>>*> o;
    for (const auto& [k, v] : other.series) o[k] = &v;
    std::size_t shared = 0;
    for (const auto& [k, v] : ref.series) {
      auto it = o.find(k);
      if (it == o.end()) continue;
      ++shared;
      std::map<int, double> ov(it->second->begin(), it->second->end());
      for (auto [year, a] : v) {
        auto y = ov.find(year);
        if (y == ov.end()) continue;
        const double b = y->second;
        const double d = b - a;
        const double rel = a != 0 ? d / std::abs(a) : (d == 0 ? 0.0 : INFINITY);
        out.push_back({k, year, labels[0], labels[i], a, b, d, rel});
      }
    }
    if (shared == 0)
      throw std::invalid_argument(fmt::format("{} and {} share no indicator", ref.dir.string(), other.dir.string()));
  }
  return out;
}

void write_differences_csv(const fs::path& file, const std::vector<Difference>& rows) {
  std::ofstream out(file, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "indicator,year,reference,other,reference_value,other_value,difference,relative_difference\n";
  for (const auto& r : rows)
    out << fmt::format("{},{},{},{},{},{},{},{}\n", engine::csv_escape(r.indicator), r.year,
                       engine::csv_escape(r.reference), engine::csv_escape(r.other), r.reference_value, r.other_value,
                       r.difference, r.relative);
  if (!out) throw std::runtime_error("error writing " + file.string());
}

std::string summarise_differences(const std::vector<Difference>& rows, std::size_t top) {
  std::string s;
  std::map<std::string, std::vector<const Difference*>> by_other;
  std::map<std::string, int> last_year;
  for (const auto& r : rows) {
    by_other[r.other].push_back(&r);
    last_year[r.other] = std::max(last_year[r.other], r.year);
  }
  for (auto& [other, list] : by_other) {
    const int y = last_year[other];
    std::vector<const Difference*> last;
    for (auto* r : list)
      if (r->year == y && r->indicator.find('.') == std::string::npos && r->difference != 0) last.push_back(r);
    std::sort(last.begin(), last.end(), [](auto* a, auto* b) {
      const double x = std::abs(a->relative), z = std::abs(b->relative);
      return x != z ? x > z : a->indicator < b->indicator;
    });
    s += fmt::format("{} vs {} — largest differences in {}:\n", other, list.front()->reference, y);
    s += fmt::format("  {:<36} {:>16} {:>16} {:>10}\n", "indicator", "reference", "other", "change");
    for (std::size_t i = 0; i < std::min(top, last.size()); ++i) {
      const auto* r = last[i];
      s += fmt::format("  {:<36} {:>16.6g} {:>16.6g} {:>9.1f}%\n", r->indicator, r->reference_value, r->other_value,
                       100 * r->relative);
    }
    if (last.empty()) s += "  (no differences)\n";
  }
  return s;
}

}  // namespace nisim::output
