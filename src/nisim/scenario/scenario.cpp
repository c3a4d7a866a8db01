#include <nisim/scenario/scenario.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <toml++/toml.h>

#include <nisim/engine/read_file.hpp>
#include <nisim/engine/text.hpp>
#include <nisim/scenario/limits.hpp>
#include <nisim/scenario/parameters.hpp>

namespace nisim::scenario {

namespace fs = std::filesystem;
using policy::BlockKind;

namespace {

std::string format_what(const SourceLocation& w, const std::string& key, const std::string& msg) {
  std::string out;
  if (w.file == "--set")
    out = w.column > 0 ? fmt::format("--set argument {}: ", w.column) : "--set: ";
  else if (w.line > 0)
    out = fmt::format("{}:{}:{}: ", w.file, w.line, w.column);
  else
    out = w.file + ": ";
  if (!key.empty()) out += fmt::format("key '{}': ", key);
  return out + msg;
}

}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string key, const std::string& message)
    : std::runtime_error(engine::printable(format_what(where, key, message))),
      where_(std::move(where)),
      key_(std::move(key)) {}

const std::vector<std::string>& known_regions() {
  static const std::vector<std::string> v = {"beijing", "yangtze", "guangdong", "rest"};
  return v;
}

const std::vector<std::string>& known_actor_kinds() {
  static const std::vector<std::string> v = {
      "university", "institute", "new_style_institute", "state_key_lab", "national_lab",
      "soe",        "private",   "little_giant",        "architect",     "foreign"};
  return v;
}

double Scenario::param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) throw std::out_of_range("unknown parameter '" + name + "'");
  return it->second;
}

namespace {

constexpr int kMaxYear = 2100;
constexpr int kMinRunYear = 2010;
constexpr int kMinPolicyYear = 1900;
constexpr std::int64_t kMaxThreads = 4096;

// ---------------------------------------------------------------------------------------
// Small helpers for messages.

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  auto s = suggest(name, candidates);
  if (s.empty()) return "";
  std::string out = " (did you mean '" + s[0] + "'";
  for (std::size_t i = 1; i < s.size(); ++i)
    out += (i + 1 == s.size() ? " or '" : ", '") + s[i] + "'";
  return out + "?)";
}

std::string num(double v) { return fmt::format("{}", v); }

std::string unit_suffix(const std::string& unit) {
  return unit.empty() || unit == "1" ? "" : " (" + unit + ")";
}

std::string range_text(double lo, double hi, bool integer, const std::string& unit) {
  return fmt::format("{} between {} and {}{}", integer ? "a whole number" : "a number", num(lo),
                     num(hi), unit_suffix(unit));
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// ---------------------------------------------------------------------------------------
// A value as read from TOML or from a --set argument, with where it came from.

struct Raw {
  enum Kind { Int, Float, Bool, String, Array, Table, Other } kind = Other;
  std::int64_t i = 0;
  double f = 0;
  bool b = false;
  std::string s;            // String text, or the raw --set text
  std::vector<Raw> items;   // Array elements
  SourceLocation where;
  bool from_set = false;    // String came unparsed from --set
};

SourceLocation loc(const toml::source_region& r, const std::string& file) {
  return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

Raw raw_of(const toml::node& n, const std::string& file) {
  Raw r;
  r.where = loc(n.source(), file);
  switch (n.type()) {
    case toml::node_type::integer: r.kind = Raw::Int; r.i = n.as_integer()->get(); break;
    case toml::node_type::floating_point:
      r.kind = Raw::Float;
      r.f = n.as_floating_point()->get();
      break;
    case toml::node_type::boolean: r.kind = Raw::Bool; r.b = n.as_boolean()->get(); break;
    case toml::node_type::string: r.kind = Raw::String; r.s = n.as_string()->get(); break;
    case toml::node_type::array:
      r.kind = Raw::Array;
      for (const auto& el : *n.as_array()) r.items.push_back(raw_of(el, file));
      break;
    case toml::node_type::table: r.kind = Raw::Table; break;
    default: r.kind = Raw::Other;
  }
  return r;
}

// Classifies --set text: integer, number, boolean, else unparsed text.
Raw raw_from_text(const std::string& text, SourceLocation where) {
  Raw r;
  r.where = std::move(where);
  r.s = text;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::int64_t i = 0;
  double f = 0;
  if (auto [p, ec] = std::from_chars(first, last, i); ec == std::errc() && p == last && !text.empty()) {
    r.kind = Raw::Int;
    r.i = i;
  } else if (auto [q, ec2] = std::from_chars(first, last, f);
             ec2 == std::errc() && q == last && !text.empty()) {
    r.kind = Raw::Float;
    r.f = f;
  } else if (text == "true" || text == "false") {
    r.kind = Raw::Bool;
    r.b = text == "true";
  } else {
    r.kind = Raw::String;
    r.from_set = true;
  }
  return r;
}

Raw raw_list_from_text(const std::string& text, SourceLocation where) {
  Raw r;
  r.kind = Raw::Array;
  r.where = where;
  if (text.empty()) return r;
  std::string_view rest = text;
  while (true) {
    auto comma = rest.find(',');
    Raw item;
    item.kind = Raw::String;
    item.s = trim(rest.substr(0, comma));
    item.where = where;
    r.items.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return r;
}

std::string float_text(double f) {
  std::string s = num(f);
  if (std::isfinite(f) && s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

// What was found, for type errors.
std::string describe(const Raw& r) {
  if (r.from_set) return r.s.empty() ? "an empty value" : "'" + shorten(r.s) + "'";
  switch (r.kind) {
    case Raw::Int: return fmt::format("an integer {}", r.i);
    case Raw::Float: return "a float " + float_text(r.f);
    case Raw::Bool: return r.b ? "a boolean true" : "a boolean false";
    case Raw::String: return fmt::format("a string \"{}\"", shorten(r.s));
    case Raw::Array: return "an array";
    case Raw::Table: return "a table";
    default: return "a date/time value";
  }
}

std::string quoted_number_hint(const Raw& r) {
  if (r.kind != Raw::String || r.from_set) return "";
  double f = 0;
  auto [p, ec] = std::from_chars(r.s.data(), r.s.data() + r.s.size(), f);
  if (ec == std::errc() && p == r.s.data() + r.s.size() && !r.s.empty())
    return " (write numbers without quotes)";
  if (r.s == "true" || r.s == "false") return " (write booleans without quotes)";
  return "";
}

[[noreturn]] void type_error(const Raw& r, const std::string& key, const std::string& expected) {
  throw ScenarioError(r.where, key,
                      fmt::format("expected {}, found {}{}", expected, describe(r),
                                  quoted_number_hint(r)));
}

// A number (integer or float) in [lo, hi] (lo excluded when lo_open); whole if `integer`.
double get_number(const Raw& r, const std::string& key, double lo, double hi, bool integer,
                  const std::string& unit, bool lo_open = false) {
  std::string expected =
      lo_open ? fmt::format("{} > {} and <= {}{}", integer ? "a whole number" : "a number",
                            num(lo), num(hi), unit_suffix(unit))
              : range_text(lo, hi, integer, unit);
  double v = 0;
  if (r.kind == Raw::Int)
    v = static_cast<double>(r.i);
  else if (r.kind == Raw::Float)
    v = r.f;
  else
    type_error(r, key, expected);
  std::string found = r.kind == Raw::Int ? std::to_string(r.i) : num(v);
  if (!std::isfinite(v) || (integer && std::floor(v) != v) || v > hi || v < lo ||
      (lo_open && v == lo))
    throw ScenarioError(r.where, key, fmt::format("expected {}, found {}", expected, found));
  return v == 0 ? 0.0 : v;  // no negative zero in resolved files
}

// A TOML integer (not a float) in [lo, hi]; `what` names it ("an integer year").
std::int64_t get_int(const Raw& r, const std::string& key, std::int64_t lo, std::int64_t hi,
                     const std::string& expected) {
  if (r.kind != Raw::Int) type_error(r, key, expected);
  if (r.i < lo || r.i > hi)
    throw ScenarioError(r.where, key, fmt::format("expected {}, found {}", expected, r.i));
  return r.i;
}

std::string year_expectation(int lo, int hi) {
  return fmt::format("an integer year between {} and {}", lo, hi);
}

bool get_bool(const Raw& r, const std::string& key) {
  if (r.kind != Raw::Bool) type_error(r, key, "true or false");
  return r.b;
}

std::string get_string(const Raw& r, const std::string& key, bool non_empty) {
  if (r.kind != Raw::String && !(r.from_set)) type_error(r, key, "a string");
  if (non_empty && r.s.empty())
    throw ScenarioError(r.where, key, "expected a non-empty string, found an empty string");
  return r.s;
}

// An array of non-empty strings; if `allowed` is non-empty each must be one of them.
std::vector<std::string> get_string_list(const Raw& r, const std::string& key,
                                         const std::vector<std::string>& allowed,
                                         const std::string& what) {
  std::string expected = "an array of strings";
  if (!allowed.empty()) expected = fmt::format("an array of {} ({})", what, join(allowed));
  if (r.kind != Raw::Array) type_error(r, key, expected);
  std::vector<std::string> out;
  for (std::size_t n = 0; n < r.items.size(); ++n) {
    const Raw& item = r.items[n];
    std::string item_key = fmt::format("{}[{}]", key, n + 1);
    if (item.kind != Raw::String) type_error(item, item_key, "a string");
    if (item.s.empty())
      throw ScenarioError(item.where, item_key, "expected a non-empty string, found \"\"");
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), item.s) == allowed.end())
      throw ScenarioError(item.where, item_key,
                          fmt::format("expected one of the {}: {}; found \"{}\"{}", what,
                                      join(allowed), item.s, did_you_mean(item.s, allowed)));
    out.push_back(item.s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Key tables.

const std::vector<std::string> kTopKeys = {"extends", "replace_policies", "replace_shocks",
                                           "scenario", "run",             "params",
                                           "policy",   "shock",           "outputs"};
const std::vector<std::string> kScenarioKeys = {"name", "description"};
const std::vector<std::string> kRunKeys = {"start_year", "end_year", "seed", "scale", "threads"};
const std::vector<std::string> kOutputKeys = {"csv", "sqlite", "indicators"};
const std::vector<std::string> kBlockCommonKeys = {"start", "end", "areas", "regions", "actors"};

std::vector<std::string> parameter_names() {
  std::vector<std::string> out;
  for (const auto& p : parameter_specs()) out.push_back(p.name);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A hint when a known key is written in the wrong table.
std::string belongs_hint(const std::string& key, const std::string& here) {
  if (here != "params" && find_parameter(key)) return "; parameters belong in [params]";
  if (here != "run" && contains(kRunKeys, key)) return "; this key belongs in [run]";
  if (here != "outputs" && contains(kOutputKeys, key)) return "; this key belongs in [outputs]";
  if (here != "" && (key == "extends" || key == "replace_policies" || key == "replace_shocks"))
    return "; this key belongs at the top of the file, before any table";
  return "";
}

std::string block_table(BlockKind kind) { return kind == BlockKind::Instrument ? "policy" : "shock"; }
std::string block_name_key(BlockKind kind) {
  return kind == BlockKind::Instrument ? "instrument" : "shock";
}
std::string kind_noun(BlockKind kind) {
  return kind == BlockKind::Instrument ? "instrument" : "shock";
}

std::vector<std::string> catalog_names(BlockKind kind) {
  std::vector<std::string> out;
  for (const auto& s : policy::instrument_catalog())
    if (s.kind == kind) out.push_back(s.name);
  return out;
}

std::string catalog_list(BlockKind kind) {
  return join(catalog_names(kind)) + " (`nisim instruments` documents each)";
}

std::vector<std::string> block_keys(const policy::InstrumentSpec& spec) {
  std::vector<std::string> keys = {block_name_key(spec.kind)};
  keys.insert(keys.end(), kBlockCommonKeys.begin(), kBlockCommonKeys.end());
  for (const auto& k : spec.keys) keys.push_back(k.name);
  return keys;
}

// ---------------------------------------------------------------------------------------
// The scenario being built, layer by layer (ancestors first, then --set).

struct Builder {
  Scenario s;
  bool name_set = false;
  bool description_set = false;
  // Where run.start_year / run.end_year were last set, and in which layer.
  std::map<std::string, std::pair<SourceLocation, int>> run_origin;
  // Where each block's `end` (or, failing that, the block) was set, parallel to s.policies.
  std::vector<SourceLocation> end_where;
};

void set_run_key(Builder& b, const std::string& k, const Raw& r, const std::string& path,
                 int layer) {
  RunSettings& run = b.s.run;
  if (k == "start_year")
    run.start_year = static_cast<int>(get_int(r, path, kMinRunYear, kMaxYear,
                                              year_expectation(kMinRunYear, kMaxYear)));
  else if (k == "end_year")
    run.end_year = static_cast<int>(get_int(r, path, kMinRunYear, kMaxYear,
                                            year_expectation(kMinRunYear, kMaxYear)));
  else if (k == "seed")
    run.seed = static_cast<std::uint64_t>(get_int(r, path, 0, std::numeric_limits<std::int64_t>::max(),
                                                  "an integer >= 0"));
  else if (k == "scale")
    run.scale = get_number(r, path, 0, 2, false, "agents per real unit", true);
  else if (k == "threads")
    run.threads = static_cast<int>(
        get_int(r, path, 0, kMaxThreads,
                fmt::format("an integer between 0 and {} (0 = all cores)", kMaxThreads)));
  b.run_origin[k] = {r.where, layer};
}

void set_param(Builder& b, const ParamSpec& p, const Raw& r, const std::string& path) {
  b.s.params[p.name] = get_number(r, path, p.min, p.max, p.integer, p.unit);
}

void set_output_key(Builder& b, const std::string& k, const Raw& r, const std::string& path) {
  if (k == "csv")
    b.s.outputs.csv = get_bool(r, path);
  else if (k == "sqlite")
    b.s.outputs.sqlite = get_bool(r, path);
  else if (k == "indicators") {
    b.s.outputs.indicators = get_string_list(r, path, {}, "indicator names");
    b.s.indicators_where = r.where;  // the names are checked against a run's indicators later
  }
}

void check_block_years(const PolicyBlock& block, const SourceLocation& end_where,
                       const std::string& prefix) {
  if (block.end_year < block.start_year)
    throw ScenarioError(end_where, prefix + ".end",
                        fmt::format("expected an integer year between the block's start ({}) "
                                    "and {}, found {}",
                                    block.start_year, kMaxYear, block.end_year));
}

// Sets key `k` of a block (not its name). Returns false if `k` is not a key of the block.
bool set_block_key(PolicyBlock& block, const policy::InstrumentSpec& spec, const std::string& k,
                   const Raw& r, const std::string& path) {
  if (k == "start" || k == "end") {
    int y = static_cast<int>(
        get_int(r, path, kMinPolicyYear, kMaxYear, year_expectation(kMinPolicyYear, kMaxYear)));
    (k == "start" ? block.start_year : block.end_year) = y;
  } else if (k == "areas") {
    block.areas = get_string_list(r, path, {}, "technology area ids");
    block.areas_where = r.where;  // area ids are checked later, against the model's areas
  } else if (k == "regions") {
    block.regions = get_string_list(r, path, known_regions(), "regions");
  } else if (k == "actors") {
    block.actors = get_string_list(r, path, known_actor_kinds(), "actor kinds");
  } else {
    auto it = std::find_if(spec.keys.begin(), spec.keys.end(),
                           [&](const policy::KeySpec& ks) { return ks.name == k; });
    if (it == spec.keys.end()) return false;
    block.values[k] = get_number(r, path, it->min, it->max, false, it->unit);
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Reading one file.

[[noreturn]] void unknown_key(const toml::key& k, const std::string& file, const std::string& table,
                 const std::vector<std::string>& allowed, const std::string& allowed_text) {
  std::string path = table.empty() ? std::string(k.str()) : table + "." + std::string(k.str());
  std::string where = table.empty() ? "at the top level" : "in [" + table + "]";
  throw ScenarioError(loc(k.source(), file), path,
                      fmt::format("unknown key {}: expected {}, found '{}'{}{}", where,
                                  allowed_text, k.str(), belongs_hint(std::string(k.str()), table),
                                  did_you_mean(k.str(), allowed)));
}

const toml::table& expect_table(const toml::node& n, const std::string& file,
                                const std::string& key) {
  if (!n.is_table()) type_error(raw_of(n, file), key, "a table [" + key + "]");
  return *n.as_table();
}

void apply_block(Builder& b, const toml::table& t, BlockKind kind, std::size_t index,
                 const std::string& file) {
  const std::string table = block_table(kind);
  const std::string prefix = fmt::format("{}[{}]", table, index);
  const std::string name_key = block_name_key(kind);
  const BlockKind other = kind == BlockKind::Instrument ? BlockKind::Shock : BlockKind::Instrument;
  const std::string other_name_key = block_name_key(other);
  PolicyBlock block;
  block.kind = kind;
  block.where = loc(t.source(), file);

  const toml::node* name_node = t.get(name_key);
  if (!name_node) {
    std::string hint;
    if (t.contains(other_name_key))
      hint = fmt::format("; a {} is written as a [[{}]] block", kind_noun(other),
                         block_table(other));
    throw ScenarioError(block.where, prefix + "." + name_key,
                        fmt::format("missing required key '{}' in this [[{}]] block: expected "
                                    "the name of {} ({}){}",
                                    name_key, table,
                                    kind == BlockKind::Instrument ? "an instrument" : "a shock",
                                    catalog_list(kind), hint));
  }
  Raw name_raw = raw_of(*name_node, file);
  block.name = get_string(name_raw, prefix + "." + name_key, true);
  const policy::InstrumentSpec* spec = policy::find_instrument(block.name, kind);
  if (!spec) {
    std::string hint;
    if (policy::find_instrument(block.name, other))
      hint = fmt::format("; '{}' is a {}: write it as a [[{}]] block with {} = \"{}\"", block.name,
                         kind_noun(other), block_table(other), block_name_key(other), block.name);
    throw ScenarioError(name_raw.where, prefix + "." + name_key,
                        fmt::format("unknown {}: expected one of {}; found \"{}\"{}{}",
                                    kind_noun(kind), catalog_list(kind), block.name, hint,
                                    did_you_mean(block.name, catalog_names(kind))));
  }
  const auto allowed = block_keys(*spec);
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (contains(allowed, key)) continue;
    std::string hint;
    if (key == other_name_key)
      hint = fmt::format("; a {} is written as a [[{}]] block", kind_noun(other),
                         block_table(other));
    throw ScenarioError(loc(k.source(), file), prefix + "." + key,
                        fmt::format("unknown key in a [[{}]] block of {} '{}': expected one of {}; "
                                    "found '{}'{}{}",
                                    table, kind_noun(kind), block.name, join(allowed), key, hint,
                                    did_you_mean(key, allowed)));
  }
  if (!t.contains("start"))
    throw ScenarioError(block.where, prefix + ".start",
                        fmt::format("missing required key 'start' in this [[{}]] block of {} "
                                    "'{}': expected {} (the first year in force)",
                                    table, kind_noun(kind), block.name,
                                    year_expectation(kMinPolicyYear, kMaxYear)));
  for (const auto& ks : spec->keys) block.values[ks.name] = ks.default_value;
  SourceLocation end_where = block.where;
  // Keys in the spec's order so that errors are reported deterministically.
  for (const auto& key : allowed) {
    if (key == name_key) continue;
    const toml::node* n = t.get(key);
    if (!n) continue;
    Raw r = raw_of(*n, file);
    set_block_key(block, *spec, key, r, prefix + "." + key);
    if (key == "end") end_where = r.where;
  }
  check_block_years(block, end_where, prefix);
  b.s.policies.push_back(std::move(block));
  b.end_where.push_back(end_where);
}

void drop_blocks(Builder& b, BlockKind kind) {
  std::vector<PolicyBlock> kept;
  std::vector<SourceLocation> kept_where;
  for (std::size_t i = 0; i < b.s.policies.size(); ++i)
    if (b.s.policies[i].kind != kind) {
      kept.push_back(std::move(b.s.policies[i]));
      kept_where.push_back(b.end_where[i]);
    }
  b.s.policies = std::move(kept);
  b.end_where = std::move(kept_where);
}

// Entries of a table in the order they appear in the file (toml++ keeps them sorted by
// name), so that the first error reported is the first in the file.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (const auto& [k, v] : t) out.emplace_back(&k, &v);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& c) {
    const auto& x = a.first->source().begin;
    const auto& y = c.first->source().begin;
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  return out;
}

void apply_scenario_table(Builder& b, const toml::table& t, const std::string& file, bool is_top) {
  for (const auto& [k, v] : in_file_order(t)) {
    std::string key(k->str());
    if (!contains(kScenarioKeys, key))
      unknown_key(*k, file, "scenario", kScenarioKeys, "one of name, description");
    Raw r = raw_of(*v, file);
    if (key == "name") {
      std::string name = get_string(r, "scenario.name", true);
      if (is_top) {  // a name belongs to the file that states it; parents' are not inherited
        b.s.name = name;
        b.name_set = true;
      }
    } else {
      b.s.description = get_string(r, "scenario.description", false);
    }
  }
}

void apply_run_table(Builder& b, const toml::table& t, const std::string& file, int layer) {
  for (const auto& [k, v] : in_file_order(t)) {
    std::string key(k->str());
    if (!contains(kRunKeys, key)) unknown_key(*k, file, "run", kRunKeys, "one of " + join(kRunKeys));
    set_run_key(b, key, raw_of(*v, file), "run." + key, layer);
  }
}

void apply_params_table(Builder& b, const toml::table& t, const std::string& file) {
  for (const auto& [k, v] : in_file_order(t)) {
    const ParamSpec* p = find_parameter(k->str());
    if (!p)
      unknown_key(*k, file, "params", parameter_names(),
                  "a parameter of data/parameters.csv (list them with `nisim params`)");
    set_param(b, *p, raw_of(*v, file), "params." + p->name);
  }
}

void apply_outputs_table(Builder& b, const toml::table& t, const std::string& file) {
  for (const auto& [k, v] : in_file_order(t)) {
    std::string key(k->str());
    if (!contains(kOutputKeys, key))
      unknown_key(*k, file, "outputs", kOutputKeys, "one of " + join(kOutputKeys));
    set_output_key(b, key, raw_of(*v, file), "outputs." + key);
  }
}

// Applies one file on top of what its ancestors built. The replace_* flags act first; then
// tables, keys and [[policy]]/[[shock]] blocks are taken in file order.
void apply_file(Builder& b, const toml::table& root, const std::string& file, int layer,
                bool is_top) {
  for (const char* flag : {"replace_policies", "replace_shocks"})
    if (const toml::node* n = root.get(flag))
      if (get_bool(raw_of(*n, file), flag))
        drop_blocks(b, std::string(flag) == "replace_policies" ? BlockKind::Instrument
                                                               : BlockKind::Shock);

  struct Item {
    toml::source_position pos;
    const toml::key* key = nullptr;     // a top-level entry, or
    const toml::table* block = nullptr; // a [[policy]] / [[shock]] block
    BlockKind kind = BlockKind::Instrument;
    std::size_t index = 0;
  };
  std::vector<Item> items;
  for (const auto& [k, v] : root) {
    std::string key(k.str());
    if (!contains(kTopKeys, key))
      unknown_key(k, file, "", kTopKeys,
                  "one of extends, replace_policies, replace_shocks, [scenario], [run], "
                  "[params], [[policy]], [[shock]], [outputs]");
    if (key == "policy" || key == "shock") {
      BlockKind kind = key == "policy" ? BlockKind::Instrument : BlockKind::Shock;
      if (!v.is_array())
        type_error(raw_of(v, file), key, fmt::format("[[{}]] blocks (an array of tables)", key));
      std::size_t index = 0;
      for (const auto& el : *v.as_array()) {
        ++index;
        if (!el.is_table()) type_error(raw_of(el, file), fmt::format("{}[{}]", key, index), "a table");
        items.push_back({el.source().begin, nullptr, el.as_table(), kind, index});
      }
    } else {
      items.push_back({k.source().begin, &k});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& c) {
    return std::tie(a.pos.line, a.pos.column) < std::tie(c.pos.line, c.pos.column);
  });

  for (const auto& item : items) {
    if (item.block) {
      apply_block(b, *item.block, item.kind, item.index, file);
      continue;
    }
    const std::string key(item.key->str());
    const toml::node& n = *root.get(key);
    if (key == "scenario")
      apply_scenario_table(b, expect_table(n, file, key), file, is_top);
    else if (key == "run")
      apply_run_table(b, expect_table(n, file, key), file, layer);
    else if (key == "params")
      apply_params_table(b, expect_table(n, file, key), file);
    else if (key == "outputs")
      apply_outputs_table(b, expect_table(n, file, key), file);
    // extends was followed when the chain was loaded; replace_* were applied above.
  }
}

// ---------------------------------------------------------------------------------------
// --set overrides.

// Keys --set accepts: dotted ones, or (for a bare key) the parameter names.
std::vector<std::string> settable_keys(const Scenario& s, bool dotted) {
  std::vector<std::string> out;
  if (!dotted) {
    for (const auto& p : parameter_specs()) out.push_back(p.name);
    return out;
  }
  for (const auto& k : kScenarioKeys) out.push_back("scenario." + k);
  for (const auto& k : kRunKeys) out.push_back("run." + k);
  for (const auto& k : kOutputKeys) out.push_back("outputs." + k);
  for (const auto& p : parameter_specs()) out.push_back("params." + p.name);
  std::size_t counts[2] = {0, 0};
  for (const auto& block : s.policies) {
    std::size_t n = ++counts[block.kind == BlockKind::Instrument ? 0 : 1];
    if (const auto* spec = policy::find_instrument(block.name, block.kind))
      for (const auto& k : block_keys(*spec))
        if (k != block_name_key(block.kind))
          out.push_back(fmt::format("{}[{}].{}", block_table(block.kind), n, k));
  }
  return out;
}

// Parses "policy[N].KEY" / "shock[N].KEY".
bool parse_block_key(const std::string& key, BlockKind& kind, std::string& index_text,
                     std::string& sub) {
  for (BlockKind k : {BlockKind::Instrument, BlockKind::Shock}) {
    std::string head = block_table(k) + "[";
    if (key.rfind(head, 0) != 0) continue;
    auto close = key.find(']', head.size());
    if (close == std::string::npos || close + 1 >= key.size() || key[close + 1] != '.')
      return false;
    kind = k;
    index_text = key.substr(head.size(), close - head.size());
    sub = key.substr(close + 2);
    return true;
  }
  return false;
}

void apply_override(Builder& b, const std::string& arg, int position, int layer) {
  SourceLocation w{"--set", 0, position};
  if (arg.size() > kMaxSetArgumentBytes)
    throw ScenarioError(w, "", fmt::format("expected KEY=VALUE of at most {} bytes, found {} bytes: '{}'",
                                           kMaxSetArgumentBytes, arg.size(), shorten(arg)));
  auto eq = arg.find('=');
  if (eq == std::string::npos)
    throw ScenarioError(w, "",
                        fmt::format("expected KEY=VALUE (for example run.seed=7 or "
                                    "params.NAME=0.5), found '{}' with no '='",
                                    shorten(arg)));
  const std::string key = trim(std::string_view(arg).substr(0, eq));
  const std::string value = trim(std::string_view(arg).substr(eq + 1));
  if (key.empty())
    throw ScenarioError(w, "", fmt::format("expected KEY=VALUE, found '{}' with no key", shorten(arg)));

  auto unknown = [&](const std::string& section, const std::string& sub) {
    std::string expected;
    std::vector<std::string> candidates;
    auto prefixed = [](const std::string& pre, const std::vector<std::string>& keys) {
      std::vector<std::string> out;
      for (const auto& k : keys) out.push_back(pre + "." + k);
      return out;
    };
    if (section == "params") {
      expected = "params.NAME for a parameter of data/parameters.csv (list them with `nisim "
                 "params`)";
      candidates = settable_keys(b.s, true);
    } else if (section == "run" || section == "outputs" || section == "scenario") {
      candidates = prefixed(section, section == "run"       ? kRunKeys
                                     : section == "outputs" ? kOutputKeys
                                                            : kScenarioKeys);
      expected = "one of " + join(candidates);
    } else {
      expected = "scenario.KEY, run.KEY, outputs.KEY, params.NAME, a bare parameter NAME, "
                 "policy[N].KEY or shock[N].KEY";
      candidates = settable_keys(b.s, !section.empty());
    }
    std::string hint = did_you_mean(key, candidates);
    if (section.empty()) {  // a [run]/[outputs]/[scenario] key without its table
      for (const auto& [table, keys] : {std::pair{"run", &kRunKeys}, std::pair{"outputs", &kOutputKeys},
                                        std::pair{"scenario", &kScenarioKeys}})
        if (contains(*keys, sub)) hint = fmt::format(" (did you mean '{}.{}'?)", table, sub);
    }
    return ScenarioError(w, key,
                         fmt::format("unknown key: expected {}; found '{}'{}", expected, shorten(key), hint));
  };


  auto dot = key.find('.');
  std::string section = dot == std::string::npos ? "" : key.substr(0, dot);
  std::string sub = dot == std::string::npos ? key : key.substr(dot + 1);

  BlockKind kind;
  std::string index_text, block_sub;
  if (parse_block_key(key, kind, index_text, block_sub)) {
    std::vector<std::size_t> of_kind;
    for (std::size_t i = 0; i < b.s.policies.size(); ++i)
      if (b.s.policies[i].kind == kind) of_kind.push_back(i);
    std::size_t n = 0;
    auto [p, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), n);
    if (ec != std::errc() || p != index_text.data() + index_text.size() || n < 1 ||
        n > of_kind.size())
      throw ScenarioError(
          w, key,
          of_kind.empty()
              ? fmt::format("the resolved scenario has no [[{}]] blocks, found index '{}'",
                            block_table(kind), index_text)
              : fmt::format("expected a block index between 1 and {} (the [[{}]] blocks of the "
                            "resolved scenario), found '{}'",
                            of_kind.size(), block_table(kind), index_text));
    std::size_t at = of_kind[n - 1];
    PolicyBlock& block = b.s.policies[at];
    const auto* spec = policy::find_instrument(block.name, kind);
    bool is_list = block_sub == "areas" || block_sub == "regions" || block_sub == "actors";
    Raw r = is_list ? raw_list_from_text(value, w) : raw_from_text(value, w);
    if (block_sub == block_name_key(kind))
      throw ScenarioError(w, key, fmt::format("the {} of a block cannot be overridden; write a "
                                              "scenario file that extends this one instead",
                                              kind_noun(kind)));
    if (!set_block_key(block, *spec, block_sub, r, key)) {
      auto allowed = block_keys(*spec);
      throw ScenarioError(w, key,
                          fmt::format("unknown key of {} '{}': expected one of {}; found '{}'{}",
                                      kind_noun(kind), block.name, join(allowed), block_sub,
                                      did_you_mean(block_sub, allowed)));
    }
    if (block_sub == "start" || block_sub == "end") {
      if (block_sub == "end") b.end_where[at] = w;
      check_block_years(block, block_sub == "start" ? w : b.end_where[at],
                        fmt::format("{}[{}]", block_table(kind), n));
    }
    return;
  }

  if (section == "params" || section.empty()) {
    const ParamSpec* p = find_parameter(sub);
    if (!p) throw unknown(section, sub);
    set_param(b, *p, raw_from_text(value, w), key);
  } else if (section == "run" && contains(kRunKeys, sub)) {
    set_run_key(b, sub, raw_from_text(value, w), key, layer);
  } else if (section == "outputs" && contains(kOutputKeys, sub)) {
    Raw r = sub == "indicators" ? raw_list_from_text(value, w) : raw_from_text(value, w);
    set_output_key(b, sub, r, key);
  } else if (section == "scenario" && contains(kScenarioKeys, sub)) {
    Raw r;
    r.kind = Raw::String;
    r.s = value;
    r.where = w;
    if (sub == "name") {
      b.s.name = get_string(r, key, true);
      b.name_set = true;
    } else {
      b.s.description = value;
    }
  } else {
    throw unknown(section, sub);
  }
}

// ---------------------------------------------------------------------------------------
// Files, extends chains, the resolved text.

struct LoadedFile {
  std::string display;
  toml::table table;
};

std::string read_text(const std::string& display, const SourceLocation& from,
                      const std::string& key, const std::string& what) {
  try {
    return engine::read_regular_file(fs::path(display), kMaxScenarioFileBytes);
  } catch (const engine::FileReadError& e) {
    throw ScenarioError(from, key, fmt::format("the {} {}; expected a TOML file of at most {}", what, e.what(),
                                               engine::byte_limit_text(kMaxScenarioFileBytes)));
  }
}

toml::table parse_toml(const std::string& text, const std::string& display) {
  try {
    toml::table t = toml::parse(text, display);
    check_table_limits(t, display);
    return t;
  } catch (const toml::parse_error& e) {
    SourceLocation w{display, static_cast<int>(e.source().begin.line),
                     static_cast<int>(e.source().begin.column)};
    throw ScenarioError(w, "", fmt::format("TOML syntax error: {}", e.description()));
  }
}

fs::path identity(const std::string& display) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(fs::path(display)), ec);
  return ec ? fs::absolute(fs::path(display)).lexically_normal() : p;
}

// Loads `display` (text given or read) and its ancestors; child first.
std::vector<LoadedFile> load_chain(const std::string& display, const std::string& text) {
  std::vector<LoadedFile> chain;
  std::vector<fs::path> ids;
  std::string current = display;
  std::string current_text = text;
  while (true) {
    ids.push_back(identity(current));
    chain.push_back({current, parse_toml(current_text, current)});
    const toml::table& t = chain.back().table;
    const toml::node* ext = t.get("extends");
    if (!ext) break;
    Raw r = raw_of(*ext, current);
    std::string target = get_string(r, "extends", true);
    if (target.find('\0') != std::string::npos)
      throw ScenarioError(r.where, "extends",
                          fmt::format("expected a file path, found a string with a NUL byte: \"{}\"",
                                      shorten(target.substr(0, target.find('\0')))));
    if (chain.size() >= kMaxExtendsDepth)
      throw ScenarioError(r.where, "extends",
                          fmt::format("expected a chain of at most {} files, found a longer one", kMaxExtendsDepth));
    fs::path parent_path = (fs::path(current).parent_path() / target).lexically_normal();
    std::string parent = parent_path.string();
    fs::path id = identity(parent);
    auto hit = std::find(ids.begin(), ids.end(), id);
    if (hit != ids.end()) {
      std::string cycle;
      for (auto i = static_cast<std::size_t>(hit - ids.begin()); i < chain.size(); ++i)
        cycle += chain[i].display + " -> ";
      cycle += parent;
      throw ScenarioError(r.where, "extends",
                          fmt::format("circular extends: {}; expected a chain of files that "
                                      "ends in a file without `extends`",
                                      cycle));
    }
    current_text = read_text(parent, r.where, "extends",
                             target == parent ? fmt::format("extended scenario file '{}'", shorten(target, 200))
                                              : fmt::format("extended scenario file '{}' (resolved to '{}')",
                                                            shorten(target, 200), shorten(parent, 200)));
    current = parent;
  }
  return chain;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else
          out.push_back(c);
    }
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

std::string resolved_text(const Scenario& s) {
  std::string out;
  auto line = [&](std::string_view k, const std::string& v) {
    out += std::string(k) + " = " + v + "\n";
  };
  out += "# Resolved nisim scenario: the parent chain and overrides applied, every value "
         "written out.\n\n";
  out += "[scenario]\n";
  line("name", toml_string(s.name));
  line("description", toml_string(s.description));
  out += "\n[run]\n";
  line("start_year", std::to_string(s.run.start_year));
  line("end_year", std::to_string(s.run.end_year));
  line("seed", std::to_string(s.run.seed));
  line("scale", num(s.run.scale));
  line("threads", std::to_string(s.run.threads));
  out += "\n[params]\n";
  for (const auto& p : parameter_specs()) line(p.name, num(s.params.at(p.name)));
  for (const auto& block : s.policies) {
    out += fmt::format("\n[[{}]]\n", block_table(block.kind));
    line(block_name_key(block.kind), toml_string(block.name));
    line("start", std::to_string(block.start_year));
    line("end", std::to_string(block.end_year));
    if (const auto* spec = policy::find_instrument(block.name, block.kind))
      for (const auto& k : spec->keys) line(k.name, num(block.values.at(k.name)));
    line("areas", toml_list(block.areas));
    line("regions", toml_list(block.regions));
    line("actors", toml_list(block.actors));
  }
  out += "\n[outputs]\n";
  line("csv", s.outputs.csv ? "true" : "false");
  line("sqlite", s.outputs.sqlite ? "true" : "false");
  line("indicators", toml_list(s.outputs.indicators));
  return out;
}

std::string sha256_hex(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

Scenario resolve(const std::string& display, const std::string& text,
                 const std::vector<std::string>& overrides) {
  std::vector<LoadedFile> chain = load_chain(display, text);
  Builder b;
  for (const auto& p : parameter_specs()) b.s.params[p.name] = p.default_value;
  int layer = 0;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it, ++layer)
    apply_file(b, it->table, it->display, layer, it + 1 == chain.rend());
  if (b.s.policies.size() > kMaxBlocks)
    throw ScenarioError({display, 0, 0}, "",
                        fmt::format("expected at most {} [[policy]] and [[shock]] blocks in the scenario and the "
                                    "files it extends, found {}",
                                    kMaxBlocks, b.s.policies.size()));
  for (std::size_t i = 0; i < overrides.size(); ++i)
    apply_override(b, overrides[i], static_cast<int>(i + 1), layer);

  RunSettings& run = b.s.run;
  if (run.end_year < run.start_year) {
    auto s = b.run_origin.find("start_year");
    auto e = b.run_origin.find("end_year");
    bool blame_start = s != b.run_origin.end() &&
                       (e == b.run_origin.end() || s->second.second > e->second.second);
    if (blame_start)
      throw ScenarioError(s->second.first, "run.start_year",
                          fmt::format("expected an integer year between {} and run.end_year ({}), "
                                      "found {}",
                                      kMinRunYear, run.end_year, run.start_year));
    throw ScenarioError(e->second.first, "run.end_year",
                        fmt::format("expected an integer year between run.start_year ({}) and "
                                    "{}, found {}",
                                    run.start_year, kMaxYear, run.end_year));
  }

  b.s.file = display;
  if (!b.name_set) b.s.name = fs::path(display).stem().string();
  b.s.resolved_toml = resolved_text(b.s);
  b.s.sha256 = sha256_hex(b.s.resolved_toml);
  return std::move(b.s);
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  const std::string display = file.string();
  std::string text = read_text(display, SourceLocation{display, 0, 0}, "", fmt::format("scenario file '{}'", shorten(display, 200)));
  return resolve(display, text, overrides);
}

Scenario load_scenario_text(const std::string& text, const std::string& origin,
                            const std::vector<std::string>& overrides) {
  return resolve(origin, text, overrides);
}

}  // namespace nisim::scenario
