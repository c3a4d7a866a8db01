#include <nisim/engine/csv.hpp>

#include <charconv>
#include <fmt/format.h>

namespace nisim::engine {

CsvTable CsvTable::parse(std::string_view text, std::string origin) {
  CsvTable t;
  t.origin_ = std::move(origin);
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false, cell_started = false;
  std::size_t line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      if (t.header_.empty()) {
        t.header_ = std::move(row);
      } else {
        if (row.size() != t.header_.size())
          throw CsvError(fmt::format("{}:{}: expected {} cells, found {}", t.origin_, row_line,
                                     t.header_.size(), row.size()));
        t.rows_.push_back(std::move(row));
        t.lines_.push_back(row_line);
      }
    }
    row.clear();
    cell_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (cell_started && !cell.empty())
          throw CsvError(fmt::format("{}:{}: quote inside an unquoted cell", t.origin_, line));
        in_quotes = true;
        cell_started = true;
        break;
      case ',':
        row.push_back(std::move(cell));
        cell.clear();
        cell_started = false;
        break;
      case '\r':
        break;
      case '\n':
        end_row();
        ++line;
        row_line = line;
        break;
      default:
        cell.push_back(c);
        cell_started = true;
    }
  }
  if (in_quotes) throw CsvError(fmt::format("{}: unterminated quoted cell", t.origin_));
  if (!cell.empty() || !row.empty()) end_row();
  if (t.header_.empty()) throw CsvError(fmt::format("{}: empty table", t.origin_));
  return t;
}

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  throw CsvError(fmt::format("{}: no column '{}'", origin_, name));
}

const std::string& CsvTable::at(std::size_t r, std::string_view name) const {
  return rows_.at(r)[column(name)];
}

double CsvTable::number(std::size_t r, std::string_view name) const {
  const std::string& s = at(r, name);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    throw CsvError(fmt::format("{}:{}: column '{}' should be a number, found '{}'", origin_,
                               lines_[r], name, s));
  return v;
}

std::string csv_escape(std::string_view cell) {
  if (cell.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace nisim::engine
