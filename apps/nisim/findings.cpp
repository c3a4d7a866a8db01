// `nisim findings`: the validation experiments of the briefs' findings (MODEL.md section
// 7), their effects with intervals and their robustness over the judgement parameters;
// writes docs/validation.md with --markdown (scripts/validation.sh).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include <nisim/experiment/findings.hpp>
#include <nisim/experiment/outputs.hpp>
#include <nisim/output/safe_fs.hpp>

#include "cli.hpp"

namespace nisim::cli {

Verb add_findings(CLI::App& app, const std::string& command_line) {
  struct Options {
    std::vector<std::string> ids;
    experiment::FindingSizes sizes;
    std::string markdown;
    bool overwrite = false;
    bool list = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "findings", "Run the validation experiments of the briefs' findings: effects, intervals, robustness");
  sub->add_option("--id", o->ids, "Finding to run (repeatable; default: all; --list shows them)");
  sub->add_flag("--list", o->list, "List the findings and exit");
  sub->add_option("--seeds", o->sizes.seeds, "Seeds of the central experiment")->capture_default_str()->check(CLI::Range(2, 10000));
  sub->add_option("--points", o->sizes.points, "Latin hypercube points over the finding's parameters")
      ->capture_default_str()->check(CLI::Range(2, 10000));
  sub->add_option("--point-seeds", o->sizes.point_seeds, "Seeds per design point")->capture_default_str()->check(CLI::Range(1, 1000));
  sub->add_option("--scale", o->sizes.scale, "Agents per real unit")->capture_default_str()->check(CLI::Range(1e-4, 1.0));
  sub->add_option("--threads", o->sizes.threads, "Runs in parallel (0 = all cores)")->capture_default_str();
  sub->add_option("--scenarios", o->sizes.scenarios_dir, "Folder of the reference scenarios the arms extend")
      ->capture_default_str();
  sub->add_option("--markdown", o->markdown, "Write the report (docs/validation.md) to this file");
  sub->add_flag("--force", o->overwrite, "Replace an existing --markdown file");
  return {sub, [o, command_line]() -> int {
    if (o->list) {
      for (const auto& f : experiment::findings()) std::cout << fmt::format("{}: {}\n", f.id, f.title);
      return kExitOk;
    }
    std::vector<const experiment::Finding*> chosen;
    try {
      if (o->ids.empty())
        for (const auto& f : experiment::findings()) chosen.push_back(&f);
      for (const auto& id : o->ids) chosen.push_back(&experiment::finding(id));
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--id: {}", e.what()));
    }
    o->sizes.threads = capped_to_cores(o->sizes.threads, "--threads");
    // Refuse an existing report before hours of runs, not after.
    if (!o->markdown.empty()) output::check_output_file(o->markdown, o->overwrite);
    std::vector<experiment::FindingResult> results;
    for (const auto* f : chosen) {
      std::cerr << fmt::format("finding {}: {} runs ...\n", f->id,
                               (o->sizes.seeds + o->sizes.points * o->sizes.point_seeds) * f->arms.size());
      auto r = experiment::evaluate(*f, o->sizes);
      for (const auto& c : r.claims)
        std::cout << fmt::format("{}: {}: {:+.4f} (95% {:+.4f} to {:+.4f}, t = {:.2f}); keeps sign {:.0f}%, brief's "
                                 "sign {:.0f}%\n",
                                 f->id, c.text, c.central.mean, c.central.lo, c.central.hi, c.central.t,
                                 100 * c.keeps_sign, 100 * c.agrees);
      results.push_back(std::move(r));
    }
    if (!o->markdown.empty())
      experiment::write_atomically(o->markdown, experiment::validation_markdown(results, command_line));
    return kExitOk;
  }};
}

}  // namespace nisim::cli
