// Documented limits on scenario input. A scenario is a small hand-written file; these
// bounds are far above anything a real scenario needs, and they keep a mistaken or hostile
// input (a 5 MB key, 50,000 blocks, a device named as a parent) from hanging nisim,
// exhausting memory or producing megabyte-long messages. Every limit is refused with a
// ScenarioError naming the file (and line) and the limit; README "Scenario files" lists them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace nisim::scenario {

/// Largest scenario file (and each file of its extends chain): 1 MiB.
inline constexpr std::size_t kMaxScenarioFileBytes = std::size_t{1} << 20;
/// Longest key, and longest name in a list (areas, regions, actors, indicators): 128 bytes.
inline constexpr std::size_t kMaxNameBytes = 128;
/// Longest string value (a description, an extends path): 4096 bytes.
inline constexpr std::size_t kMaxStringBytes = 4096;
/// Most elements of one array (for example `areas`): 1024.
inline constexpr std::size_t kMaxArrayItems = 1024;
/// Most [[policy]] plus [[shock]] blocks in a resolved scenario: 1000.
inline constexpr std::size_t kMaxBlocks = 1000;
/// Most files in one extends chain, the scenario itself included: 32.
inline constexpr std::size_t kMaxExtendsDepth = 32;
/// Longest --set argument (KEY=VALUE): 4096 bytes.
inline constexpr std::size_t kMaxSetArgumentBytes = 4096;

/// `text` as messages quote it: unchanged up to `max` bytes, else its first bytes, an
/// ellipsis and the full length ("abcd… (2097152 bytes)"). Never cuts a UTF-8 sequence.
std::string shorten(std::string_view text, std::size_t max = 60);

/// Checks every key, string and array of a parsed file against the limits above
/// (recursively); throws ScenarioError at the offending key's line in `file`.
void check_table_limits(const toml::table& root, const std::string& file);

}  // namespace nisim::scenario
