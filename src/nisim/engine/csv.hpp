// A small RFC 4180 reader for the project's own data tables.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nisim::engine {

/// Raised on a malformed table; the message names the table, the line and the problem.
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parsed table with a header row. Cells are kept as text; callers convert.
class CsvTable {
 public:
  /// Parses `text`. `origin` names the table in error messages (a file name).
  /// Quoted cells may contain commas, doubled quotes and newlines. Every row must have
  /// as many cells as the header.
  static CsvTable parse(std::string_view text, std::string origin);

  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return rows_.size(); }
  /// Column index of `name`; throws CsvError if the table has no such column.
  std::size_t column(std::string_view name) const;
  /// Cell text at row `r` (0-based, header excluded) and column `name`.
  const std::string& at(std::size_t r, std::string_view name) const;
  /// Cell converted to double; throws CsvError naming origin, line and column if it is
  /// not a number.
  double number(std::size_t r, std::string_view name) const;
  /// 1-based line in the source text where row `r` starts (for error messages).
  std::size_t line_of(std::size_t r) const { return lines_[r]; }
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

/// Quotes `cell` for CSV output if it holds a comma, quote or newline.
std::string csv_escape(std::string_view cell);

}  // namespace nisim::engine
