#include <nisim/scenario/parameters.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include <nisim/engine/csv.hpp>
#include <nisim/engine/embedded_files.hpp>

namespace nisim::scenario {

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_whole(double v) { return std::isfinite(v) && std::floor(v) == v; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
std::size_t osa_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

std::vector<ParamSpec> parse_parameter_table(std::string_view text, const std::string& origin) {
  using engine::CsvError;
  auto table = engine::CsvTable::parse(text, origin);
  for (const char* col : {"name", "unit", "default", "min", "max", "integer", "calibrated",
                          "source", "description"})
    table.column(col);  // throws naming the missing column
  std::vector<ParamSpec> specs;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::size_t line = table.line_of(r);
    auto fail = [&](const std::string& what) {
      throw CsvError(fmt::format("{}:{}: parameter '{}': {}", origin, line, table.at(r, "name"),
                                 what));
    };
    auto flag = [&](const char* col) {
      const std::string& v = table.at(r, col);
      if (v != "0" && v != "1") fail(fmt::format("column '{}' must be 0 or 1, found '{}'", col, v));
      return v == "1";
    };
    ParamSpec p;
    p.name = table.at(r, "name");
    p.unit = table.at(r, "unit");
    p.default_value = table.number(r, "default");
    p.min = table.number(r, "min");
    p.max = table.number(r, "max");
    p.integer = flag("integer");
    p.calibrated = flag("calibrated");
    p.source = table.at(r, "source");
    p.description = table.at(r, "description");
    if (!is_identifier(p.name))
      fail("the name must be lower-case letters, digits and '_', starting with a letter");
    if (!seen.insert(p.name).second) fail("the name appears twice");
    if (p.unit.empty()) fail("the unit is empty (write 1 for dimensionless)");
    if (!std::isfinite(p.default_value) || !std::isfinite(p.min) || !std::isfinite(p.max))
      fail("default, min and max must be finite numbers");
    if (!(p.min <= p.default_value && p.default_value <= p.max))
      fail(fmt::format("expected min <= default <= max, found min {}, default {}, max {}", p.min,
                       p.default_value, p.max));
    if (p.integer && !(is_whole(p.min) && is_whole(p.max) && is_whole(p.default_value)))
      fail("an integer parameter needs whole default, min and max");
    if (p.source.empty() && !p.calibrated)
      fail("the source is empty and the parameter is not marked calibrated");
    specs.push_back(std::move(p));
  }
  return specs;
}

const std::vector<ParamSpec>& parameter_specs() {
  static const std::vector<ParamSpec> specs =
      parse_parameter_table(engine::embedded_file("parameters.csv"), "data/parameters.csv");
  return specs;
}

const ParamSpec* find_parameter(std::string_view name) {
  for (const auto& p : parameter_specs())
    if (p.name == name) return &p;
  return nullptr;
}

namespace {
constexpr std::size_t kMaxSuggestLength = 256;
}  // namespace

std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates) {
  // The edit distance costs |name| x |candidate|: a name far longer than any real key
  // (a pasted paragraph, a 2 MB string) gets no suggestion instead of seconds of work.
  if (name.size() > kMaxSuggestLength) return {};
  const std::string n = lower(name);
  if (n.empty()) return {};
  struct Hit {
    int tier;          // 0: within edit distance, 1: prefix only
    std::size_t rank;  // distance, or length difference for prefix matches
    std::size_t order;
    const std::string* text;
  };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string c = lower(candidates[i]);
    if (c.empty()) continue;
    const std::size_t longest = std::max(n.size(), c.size());
    const std::size_t limit = std::max<std::size_t>(2, longest / 3);
    const std::size_t d = osa_distance(n, c);
    if (d <= limit && d < n.size()) {
      hits.push_back({0, d, i, &candidates[i]});
      continue;
    }
    const std::string& shorter = n.size() <= c.size() ? n : c;
    const std::string& longer = n.size() <= c.size() ? c : n;
    if (shorter.size() >= 3 && longer.compare(0, shorter.size(), shorter) == 0)
      hits.push_back({1, longer.size() - shorter.size(), i, &candidates[i]});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.order < b.order;
  });
  std::vector<std::string> out;
  for (const auto& h : hits) {
    if (std::find(out.begin(), out.end(), *h.text) != out.end()) continue;
    out.push_back(*h.text);
    if (out.size() == 3) break;
  }
  return out;
}

}  // namespace nisim::scenario
