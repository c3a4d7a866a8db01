#include <nisim/policy/catalog.hpp>

#include <algorithm>

#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

const std::vector<InstrumentSpec>& instrument_catalog() {
  static const std::vector<InstrumentSpec> catalog = [] {
    std::vector<InstrumentSpec> list;
    for (const auto& m : modules()) list.push_back(m.spec);
    std::sort(list.begin(), list.end(),
              [](const InstrumentSpec& a, const InstrumentSpec& b) { return a.name < b.name; });
    return list;
  }();
  return catalog;
}

const InstrumentSpec* find_instrument(const std::string& name, BlockKind kind) {
  for (const auto& spec : instrument_catalog())
    if (spec.name == name && spec.kind == kind) return &spec;
  return nullptr;
}

}  // namespace nisim::policy
