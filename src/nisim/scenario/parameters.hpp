// The registry of model parameters, read from data/parameters.csv (embedded at build time).
// Every parameter has a unit, a default, an allowed range and a source, or is marked
// calibrated.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace nisim::scenario {

/// One row of data/parameters.csv.
struct ParamSpec {
  std::string name;          ///< key used in [params] and --set
  std::string unit;          ///< e.g. "fraction/year", "bn CNY", "1"
  double default_value = 0;  ///< value used when a scenario does not set it
  double min = 0;            ///< inclusive lower bound
  double max = 0;            ///< inclusive upper bound
  bool integer = false;      ///< must be a whole number
  bool calibrated = false;   ///< set by calibration rather than read from a source
  std::string source;        ///< brief + figure, or official statistic, or how calibrated
  std::string description;   ///< one line for users
};

/// All parameters, in file order. Loaded once; throws engine::CsvError if the embedded
/// table is malformed (a build defect).
const std::vector<ParamSpec>& parameter_specs();

/// Parses and validates a parameter table in the format of data/parameters.csv
/// (name,unit,default,min,max,integer,calibrated,source,description). Checks that names
/// are unique identifiers ([a-z0-9_], starting with a letter), numbers are finite,
/// min <= default <= max, the integer and calibrated flags are 0 or 1, integer
/// parameters have whole default/min/max, and every parameter has a unit and either a
/// source or calibrated = 1. Throws engine::CsvError naming `origin`, the line and the
/// problem. parameter_specs() calls it on the embedded file; exposed for tests.
std::vector<ParamSpec> parse_parameter_table(std::string_view text, const std::string& origin);

/// The spec named `name`, or nullptr.
const ParamSpec* find_parameter(std::string_view name);

/// Closest names to `name` among `candidates`, best first, at most 3. Used for
/// did-you-mean hints. A candidate qualifies if its (case-insensitive, optimal string
/// alignment) Damerau-Levenshtein distance to `name` is <= max(2, length/3) (length of
/// the longer of the two) and smaller than the length of `name`, or if one is a prefix of the other and the shorter has at
/// least 3 characters. Ranked by distance, then prefix-only matches by length difference,
/// ties in candidate order. An exact match is returned first. A name longer than 256
/// bytes gets no suggestion (the distance is quadratic in the lengths).
std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace nisim::scenario
