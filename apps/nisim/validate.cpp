// `nisim validate SCENARIO.toml`: checks a scenario without running it.
#include <fmt/format.h>

#include <iostream>

#include <nisim/policy/preflight.hpp>
#include <nisim/scenario/parameters.hpp>
#include <nisim/scenario/scenario.hpp>

#include "cli.hpp"

namespace nisim::cli {

Verb add_validate(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto* sub = app.add_subcommand("validate", "Check a scenario file without running it");
  sub->add_option("scenario", *file, "Scenario file (TOML)")->required();
  sub->add_option("--set", *sets, "Override a key as for `run` (repeatable)")->allow_extra_args(false);
  return {sub, [file, sets]() -> int {
    const auto sc = scenario::load_scenario(*file, *sets);
    policy::preflight(sc);
    int changed = 0;
    for (const auto& spec : scenario::parameter_specs())
      if (sc.param(spec.name) != spec.default_value) ++changed;
    std::cout << fmt::format("ok: scenario '{}' ({}), {}-{}, seed {}, scale {}; {} parameter(s) differ from "
                             "the defaults; {} policy/shock block(s); sha256 {}\n",
                             sc.name, sc.file.string(), sc.run.start_year, sc.run.end_year, sc.run.seed,
                             sc.run.scale, changed, sc.policies.size(), sc.sha256);
    return kExitOk;
  }};
}

}  // namespace nisim::cli
