// `nisim params [--format md|csv]`: every parameter with unit, default, range and source.
#include <fmt/format.h>

#include <iostream>

#include <nisim/engine/csv.hpp>
#include <nisim/scenario/parameters.hpp>

#include "cli.hpp"

namespace nisim::cli {

namespace {
std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}
}  // namespace

Verb add_params(CLI::App& app) {
  auto format = std::make_shared<std::string>("md");
  auto* sub = app.add_subcommand("params", "List every model parameter: unit, default, range, source, calibrated");
  sub->add_option("--format", *format, "md (Markdown table) or csv")->check(CLI::IsMember({"md", "csv"}));
  return {sub, [format]() -> int {
    const auto& specs = scenario::parameter_specs();
    if (*format == "csv") {
      std::cout << "name,unit,default,min,max,integer,calibrated,source,description\n";
      for (const auto& p : specs)
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{}\n", p.name, engine::csv_escape(p.unit), p.default_value,
                                 p.min, p.max, p.integer ? "yes" : "no", p.calibrated ? "yes" : "no",
                                 engine::csv_escape(p.source), engine::csv_escape(p.description));
    } else {
      std::cout << "| name | unit | default | range | calibrated | source | description |\n"
                   "|---|---|---|---|---|---|---|\n";
      for (const auto& p : specs)
        std::cout << fmt::format("| {} | {} | {} | {} .. {} | {} | {} | {} |\n", p.name, md_cell(p.unit),
                                 p.default_value, p.min, p.max, p.calibrated ? "yes" : "no", md_cell(p.source),
                                 md_cell(p.description));
    }
    return kExitOk;
  }};
}

}  // namespace nisim::cli
