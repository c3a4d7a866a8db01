#include <nisim/model/areas.hpp>

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include <nisim/engine/csv.hpp>
#include <nisim/engine/embedded_files.hpp>

namespace nisim::model {

namespace {
bool flag(const engine::CsvTable& t, std::size_t r, std::string_view col) {
  const std::string& s = t.at(r, col);
  if (s == "1") return true;
  if (s == "0") return false;
  throw std::invalid_argument(fmt::format("{}:{}: column '{}' should be 0 or 1, found '{}'",
                                          t.origin(), t.line_of(r), col, s));
}
double ranged(const engine::CsvTable& t, std::size_t r, std::string_view col, double lo,
              double hi) {
  double v = t.number(r, col);
  if (!(v >= lo && v <= hi))
    throw std::invalid_argument(fmt::format("{}:{}: column '{}' should be between {} and {}, found {}",
                                            t.origin(), t.line_of(r), col, lo, hi, v));
  return v;
}
}  // namespace

std::vector<TechArea> parse_tech_areas(std::string_view csv_text, const std::string& origin) {
  auto t = engine::CsvTable::parse(csv_text, origin);
  std::vector<TechArea> out;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    TechArea a;
    a.id = t.at(r, "id");
    if (a.id.empty() || !seen.insert(a.id).second)
      throw std::invalid_argument(fmt::format("{}:{}: empty or duplicate area id '{}'", origin,
                                              t.line_of(r), a.id));
    a.name = t.at(r, "name");
    a.sector = t.at(r, "sector");
    const std::string& nov = t.at(r, "novelty");
    if (nov != "novel" && nov != "emulation")
      throw std::invalid_argument(fmt::format(
          "{}:{}: column 'novelty' should be 'novel' or 'emulation', found '{}'", origin,
          t.line_of(r), nov));
    a.novel = nov == "novel";
    a.stranglehold = flag(t, r, "stranglehold");
    a.export_control_2019 = flag(t, r, "export_control_2019");
    a.export_control_2022 = flag(t, r, "export_control_2022");
    a.export_control_2023 = flag(t, r, "export_control_2023");
    a.frontier_growth = ranged(t, r, "frontier_growth", 0, 0.5);
    a.initial_capability = ranged(t, r, "initial_capability_ratio", 0.001, 0.999);
    a.foreign_dependence = ranged(t, r, "foreign_dependence", 0, 1);
    a.demand_weight = ranged(t, r, "demand_weight", 1e-9, 1e12);
    out.push_back(std::move(a));
  }
  if (out.empty()) throw std::invalid_argument(origin + ": no technology areas");
  if (out.size() > 65535) throw std::invalid_argument(origin + ": too many technology areas");
  return out;
}

const std::vector<TechArea>& default_tech_areas() {
  static const std::vector<TechArea> areas =
      parse_tech_areas(engine::embedded_file("tech_areas.csv"), "data/tech_areas.csv");
  return areas;
}

}  // namespace nisim::model
