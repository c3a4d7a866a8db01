// A scenario: a validated, immutable description of one simulation set-up, parsed once
// from TOML (with `extends` inheritance and `--set` overrides) and shared by every run.
//
// File layout (every table and key is optional unless marked required):
//
//   extends = "baseline.toml"   # parent scenario, relative to this file; chains allowed
//   replace_policies = false    # true: drop the [[policy]] blocks inherited from parents
//   replace_shocks = false      # true: drop the [[shock]] blocks inherited from parents
//   [scenario]  name = "..."  description = "..."
//   [run]       start_year (int, 2010..2100)  end_year (int, start_year..2100)
//               seed (int >= 0)  scale (number, 0 < scale <= 2)  threads (int >= 0)
//   [params]    NAME = number, for any parameter of data/parameters.csv (`nisim params`);
//               integer parameters must be whole; every value within [min, max]
//   [[policy]]  instrument = "NAME" (required)  start = YEAR (required)
//               end = YEAR (default 2100, >= start)  KEY = number (the instrument's keys,
//               see `nisim instruments`; absent keys take their defaults)
//               areas = ["..."]  regions = ["..."]  actors = ["..."]   (empty = all)
//   [[shock]]   shock = "NAME" (required), then as [[policy]]
//   [outputs]   csv (bool)  sqlite (bool)  indicators (array of indicator names)
//
// Policy and shock years may lie between 1900 and 2100; a block that starts before
// run.start_year is in force from the first simulated year.
//
// Inheritance: the parent is loaded first (recursively); the child then overrides it key
// by key in [scenario], [run], [params] and [outputs] (an array such as
// outputs.indicators is replaced as a whole). [[policy]] and [[shock]] blocks of the child
// are appended after the parent's, unless the child sets replace_policies /
// replace_shocks, which drop the inherited blocks of that kind. A file that extends
// itself, directly or through others, is an error naming the cycle.
//
// Overrides (`--set KEY=VALUE`, applied in order after the whole extends chain):
//   params.NAME=0.5 or NAME=0.5     a parameter
//   run.seed=7, run.end_year=2030   a [run] key
//   outputs.csv=false               outputs.csv / outputs.sqlite (true or false);
//   outputs.indicators=a,b          a comma-separated list (empty = all)
//   scenario.name=x                 scenario.name / scenario.description (text as given)
//   policy[N].KEY=VALUE             key of the N-th (1-based) [[policy]] block of the
//   shock[N].KEY=VALUE              resolved scenario (start, end, the instrument's keys,
//                                   or areas/regions/actors as comma-separated lists)
//
// Block paths in messages are 1-based and count blocks of one kind in one file:
// `policy[2].start` is the `start` key of the second [[policy]] block of that file.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nisim/policy/catalog.hpp>

namespace nisim::scenario {

/// Where a value came from, for error messages.
struct SourceLocation {
  std::string file;   ///< path as the user gave it (or "--set" for overrides)
  int line = 0;       ///< 1-based; 0 if unknown (always 0 for --set)
  int column = 0;     ///< 1-based; 0 if unknown; for --set, the 1-based argument position
  bool operator==(const SourceLocation&) const = default;
};

/// A user error in a scenario or in command-line overrides. what() is the complete,
/// human-readable message: "file:line:column: key 'x': expected ..., found ... (did you
/// mean 'y'?)". When the line is unknown the prefix is "file: "; for overrides it is
/// "--set argument N: ". The "key 'x': " part is left out when `key` is empty (a syntax
/// error or a missing file). The program prints it and exits with code 2.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key, const std::string& message);
  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }

 private:
  SourceLocation where_;
  std::string key_;
};

/// [run] table.
struct RunSettings {
  int start_year = 2010;       ///< first simulated year (>= 2010: the data start there)
  int end_year = 2035;         ///< last simulated year, inclusive (<= 2100)
  std::uint64_t seed = 1;      ///< base seed of the random streams
  double scale = 0.01;         ///< agents per real unit: 1.0 = one researcher agent per FTE
  int threads = 0;             ///< worker threads; 0 = all cores
  bool operator==(const RunSettings&) const = default;
};

/// One [[policy]] or [[shock]] block, validated against policy::instrument_catalog().
struct PolicyBlock {
  std::string name;                        ///< instrument or shock name
  policy::BlockKind kind = policy::BlockKind::Instrument;
  int start_year = 2010;                   ///< first year in force (inclusive)
  int end_year = 2100;                     ///< last year in force (inclusive)
  std::map<std::string, double> values;    ///< every key of the spec, defaults filled in
  std::vector<std::string> areas;          ///< target technology area ids; empty = all
  std::vector<std::string> regions;        ///< target region ids; empty = all
  std::vector<std::string> actors;         ///< target actor kinds; empty = all
  SourceLocation where;                    ///< where the block starts
  /// Where `areas` was last set (its key in a file, or a --set argument); the same as
  /// `where` while the block has no `areas` key. Unknown area ids are reported here.
  SourceLocation areas_where;
};

/// [outputs] table.
struct OutputSettings {
  bool csv = true;                         ///< write indicators.csv
  bool sqlite = true;                      ///< write results.sqlite
  std::vector<std::string> indicators;     ///< restrict to these indicator names; empty = all
  bool operator==(const OutputSettings&) const = default;
};

/// The fully resolved scenario.
struct Scenario {
  std::string name;                        ///< [scenario].name or the file stem
  std::string description;                 ///< free text from the file
  std::filesystem::path file;              ///< the file it was loaded from
  RunSettings run;
  /// Every parameter of data/parameters.csv, defaults overlaid by [params] and --set.
  std::map<std::string, double> params;
  std::vector<PolicyBlock> policies;       ///< [[policy]] and [[shock]] blocks, file order
  OutputSettings outputs;
  /// Where [outputs].indicators was last set (file and line, or a --set argument); empty
  /// file when it was never set. Unknown indicator names are reported there.
  SourceLocation indicators_where;
  /// The resolved scenario as TOML text: [scenario] (name, description), [run], [params]
  /// with every parameter in registry order, every [[policy]]/[[shock]] block with all its
  /// keys, [outputs]. No `extends`, no paths: the same set-up always gives the same bytes,
  /// and loading this text again gives an equal scenario.
  std::string resolved_toml;
  std::string sha256;                      ///< hex sha256 (lower case) of resolved_toml

  /// Value of parameter `name`; throws std::out_of_range naming it if unknown.
  double param(const std::string& name) const;
};

/// Region ids a block may target in `regions`.
const std::vector<std::string>& known_regions();

/// Actor kinds a block may target in `actors`.
const std::vector<std::string>& known_actor_kinds();

/// Loads `file`, follows `extends` (relative to the including file; cycles are errors),
/// validates every key and applies `overrides` ("key=value"; keys are "params.NAME",
/// "run.KEY" or a bare parameter name). Throws ScenarioError on any user error.
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});

/// Same, from text (for tests and the Python module); `origin` names it in messages,
/// gives the default name (its stem) and the folder against which `extends` resolves.
Scenario load_scenario_text(const std::string& text, const std::string& origin,
                            const std::vector<std::string>& overrides = {});

}  // namespace nisim::scenario
