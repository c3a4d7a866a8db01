#include <nisim/scenario/limits.hpp>

#include <fmt/format.h>

#include <nisim/scenario/scenario.hpp>

namespace nisim::scenario {

std::string shorten(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("{}… ({} bytes)", text.substr(0, cut), text.size());
}

namespace {

SourceLocation where_of(const toml::source_region& r, const std::string& file) {
  return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

void check_node(const toml::node& n, const std::string& file, const std::string& path, bool in_list) {
  if (const auto* s = n.as_string()) {
    const std::size_t max = in_list ? kMaxNameBytes : kMaxStringBytes;
    if (s->get().size() > max)
      throw ScenarioError(where_of(n.source(), file), shorten(path),
                          fmt::format("expected a string of at most {} bytes{}, found one of {} bytes: \"{}\"", max,
                                      in_list ? " (a name in a list)" : "", s->get().size(), shorten(s->get())));
  } else if (const auto* a = n.as_array()) {
    if ((path == "policy" || path == "shock") && a->size() > kMaxBlocks)
      throw ScenarioError(where_of(n.source(), file), path,
                          fmt::format("expected at most {} [[policy]] and [[shock]] blocks, found {} [[{}]] blocks",
                                      kMaxBlocks, a->size(), path));
    if (path != "policy" && path != "shock" && a->size() > kMaxArrayItems)
      throw ScenarioError(where_of(n.source(), file), shorten(path),
                          fmt::format("expected an array of at most {} elements, found {}", kMaxArrayItems, a->size()));
    std::size_t i = 0;
    for (const auto& el : *a) {
      ++i;
      // Arrays of tables are [[policy]] / [[shock]] blocks; their keys are keys, not names.
      check_node(el, file, fmt::format("{}[{}]", path, i), !el.is_table());
    }
  } else if (const auto* t = n.as_table()) {
    for (const auto& [k, v] : *t) {
      if (k.str().size() > kMaxNameBytes)
        throw ScenarioError(where_of(k.source(), file), "",
                            fmt::format("expected a key of at most {} bytes, found one of {} bytes: '{}'",
                                        kMaxNameBytes, k.str().size(), shorten(k.str())));
      check_node(v, file, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), false);
    }
  }
}

}  // namespace

void check_table_limits(const toml::table& root, const std::string& file) { check_node(root, file, "", false); }

}  // namespace nisim::scenario
