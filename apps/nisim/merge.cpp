// `nisim merge DIR... --out DIR`: combines shards (or partial folders) of one experiment.
#include <fmt/format.h>

#include <iostream>

#include <nisim/experiment/experiment.hpp>

#include "experiment_common.hpp"

namespace nisim::cli {

Verb add_merge(CLI::App& app, const std::string& command_line) {
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand(
      "merge",
      "Combine experiment folders of one experiment (for example its --shard k/K parts) into one folder, "
      "identical to the folder of the experiment run in one go");
  sub->add_option("dirs", *inputs, "Experiment folders")->required();
  sub->add_option("--out", *out, "Merged folder (must not exist or be empty unless --force)")->required();
  sub->add_flag("--force", *force, "Replace an existing --out written by nisim (never an input or another folder)");
  return {sub, [inputs, out, force, command_line]() -> int {
    std::vector<std::filesystem::path> dirs(inputs->begin(), inputs->end());
    const auto o = experiment::merge_experiments(dirs, *out, *force, command_line);
    print_outcome("merge", o);
    if (o.missing)
      std::cerr << fmt::format("warning: {} of {} runs are in none of the inputs (listed as 'missing' in runs.csv)\n",
                               o.missing, o.planned);
    return (o.failed || o.missing) ? kExitRunsFailed : kExitOk;
  }};
}

}  // namespace nisim::cli
