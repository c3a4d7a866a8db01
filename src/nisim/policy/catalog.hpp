// The catalogue of policy instruments and shocks a scenario may name in [[policy]] or
// [[shock]] blocks: their names, keys, units, defaults and ranges. The scenario loader
// validates blocks against it; `nisim instruments` prints it.
#pragma once
#include <string>
#include <vector>

namespace nisim::policy {

/// One numeric key of an instrument block.
struct KeySpec {
  std::string name;         ///< TOML key, e.g. "share_project"
  std::string unit;         ///< unit, e.g. "fraction", "bn CNY/year"
  double default_value = 0; ///< value when the key is absent
  double min = 0;           ///< smallest allowed value (inclusive)
  double max = 0;           ///< largest allowed value (inclusive)
  std::string description;  ///< one line for users
};

/// Whether a block is a policy instrument ([[policy]]) or an external shock ([[shock]]).
enum class BlockKind { Instrument, Shock };

/// One instrument or shock.
struct InstrumentSpec {
  std::string name;         ///< registered name used as `instrument = "..."` / `shock = "..."`
  BlockKind kind = BlockKind::Instrument;
  std::string summary;      ///< what it does in the model
  std::string source;       ///< brief and passage it comes from
  std::vector<KeySpec> keys;
};

/// Every registered instrument and shock, sorted by name.
const std::vector<InstrumentSpec>& instrument_catalog();

/// The spec named `name` of the given kind, or nullptr.
const InstrumentSpec* find_instrument(const std::string& name, BlockKind kind);

}  // namespace nisim::policy
