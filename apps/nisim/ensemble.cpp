// `nisim ensemble SCENARIO.toml --runs N --out DIR`: N replications of one scenario.
#include <fmt/format.h>

#include <nisim/experiment/plan.hpp>

#include "experiment_common.hpp"

namespace nisim::cli {

Verb add_ensemble(CLI::App& app, const std::string& command_line) {
  auto f = std::make_shared<ExperimentFlags>();
  auto runs = std::make_shared<int>(0);
  auto* sub = app.add_subcommand(
      "ensemble",
      "Run N replications of a scenario (seeds derived from the base seed) into one experiment folder: "
      "summary.csv (n, mean, sd, 5/25/50/75/95% quantiles per indicator and year), indicators.csv, "
      "runs.csv, manifest.json, results.sqlite");
  sub->add_option("scenario", f->scenario, "Scenario file (TOML)")->required();
  sub->add_option("--runs", *runs, "Number of replications, 1 to 1000000")
      ->required()
      ->check(CLI::Range(1, int(experiment::kMaxExperimentRuns)));
  add_experiment_flags(sub, *f);
  return {sub, [f, runs, command_line]() -> int {
    return execute_experiment(*f, command_line, [f, runs] {
      experiment::ExperimentSetup s;
      s.base = load_base_scenario(*f);
      s.plan = experiment::ensemble_plan(*runs, s.base.run.seed);
      return s;
    });
  }};
}

}  // namespace nisim::cli
