// `nisim instruments [--format md|csv]`: every instrument and shock with its keys.
#include <fmt/format.h>

#include <iostream>

#include <nisim/engine/csv.hpp>
#include <nisim/policy/catalog.hpp>

#include "cli.hpp"

namespace nisim::cli {

Verb add_instruments(CLI::App& app) {
  auto format = std::make_shared<std::string>("md");
  auto* sub = app.add_subcommand("instruments", "List every policy instrument and shock with its keys, units, defaults and ranges");
  sub->add_option("--format", *format, "md (Markdown) or csv")->check(CLI::IsMember({"md", "csv"}));
  return {sub, [format]() -> int {
    const auto& cat = policy::instrument_catalog();
    if (*format == "csv") {
      std::cout << "name,block,key,unit,default,min,max,description,summary,source\n";
      for (const auto& s : cat) {
        const char* block = s.kind == policy::BlockKind::Instrument ? "policy" : "shock";
        for (const auto& k : s.keys)
          std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", s.name, block, k.name, engine::csv_escape(k.unit),
                                   k.default_value, k.min, k.max, engine::csv_escape(k.description),
                                   engine::csv_escape(s.summary), engine::csv_escape(s.source));
      }
      return kExitOk;
    }
    std::cout << "Every block takes `start` (year), optional `end` (year, default 2100) and optional targets "
                 "`areas`, `regions`, `actors` (lists of ids).\n";
    for (const auto& s : cat) {
      const bool shock = s.kind == policy::BlockKind::Shock;
      std::cout << fmt::format("\n## {} ({})\n\n{}\n\nSource: {}\n\n", s.name,
                               shock ? "[[shock]] shock = \"" + s.name + "\"" : "[[policy]] instrument = \"" + s.name + "\"",
                               s.summary, s.source);
      std::cout << "| key | unit | default | range | meaning |\n|---|---|---|---|---|\n";
      for (const auto& k : s.keys)
        std::cout << fmt::format("| {} | {} | {} | {} .. {} | {} |\n", k.name, k.unit, k.default_value, k.min, k.max,
                                 k.description);
    }
    return kExitOk;
  }};
}

}  // namespace nisim::cli
