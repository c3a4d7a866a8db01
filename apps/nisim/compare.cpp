// `nisim compare DIR_A DIR_B [...] --out DIR`: differences per indicator and year, of run
// folders or (paired by seed) of experiment folders.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <nisim/output/compare.hpp>
#include <nisim/output/compare_experiments.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/version.hpp>

#include "cli.hpp"

namespace nisim::cli {

namespace {

constexpr const char* kCompareFooter = R"(Run folders (nisim run): differences.csv has one row per indicator, year and
compared folder: indicator,year,reference,other,reference_value,other_value,
difference (other - reference),relative_difference (difference / |reference|).

Experiment folders (nisim ensemble, or a sweep of one design point): runs are
paired by seed (ensembles made with the same --seed share their seeds run by
run); pairs are the seeds that finished ok on both sides, other runs are left
out and counted. differences.csv: indicator,year,reference,other,
n (pairs), reference_mean, other_mean (means over the pairs),
difference (mean of other - reference over the pairs),
se (standard error of that mean: sd of the differences / sqrt(n)),
ci95_low,ci95_high (difference -/+ t(0.975, n-1) se, Student t),
relative_difference (difference / |reference_mean|).
Refused: a sweep of several design points (make an ensemble per scenario),
experiments with no seed in common (use the same --seed), fewer than 2 pairs,
and a mix of run and experiment folders.)";

/// All run folders or all experiment folders; a mix is refused.
output::FolderKind common_kind(const std::vector<std::string>& dirs) {
  const output::FolderKind first = output::folder_kind(dirs.front());
  for (const auto& d : dirs)
    if (output::folder_kind(d) != first) {
      const bool run_first = first == output::FolderKind::Run;
      throw UsageError(fmt::format(
          "cannot compare the run folder {} with the experiment folder {}: give only run folders or only "
          "experiment folders (to compare a scenario with an ensemble, make an ensemble of it with the same --seed)",
          run_first ? dirs.front() : d, run_first ? d : dirs.front()));
    }
  return first;
}

}  // namespace

Verb add_compare(CLI::App& app) {
  struct Options {
    std::vector<std::string> dirs;
    std::string out;
    bool force = false;
    std::size_t top = 12;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "compare",
      "Compare run folders (differences of every indicator and year against the first), or experiment folders "
      "(paired differences over runs of common seed, with standard errors and 95% intervals)");
  sub->add_option("folders", o->dirs, "Run folders, or experiment folders; the first is the reference")
      ->required()
      ->expected(2, -1);
  sub->footer(kCompareFooter);
  sub->add_option("--out", o->out, "Output folder for differences.csv and manifest.json")->required();
  sub->add_option("--top", o->top, "Indicators shown per comparison in the summary");
  sub->add_flag("--force", o->force, "Replace an existing output folder written by nisim");
  return {sub, [o]() -> int {
    std::vector<output::FolderData> data;
    try {
      // --out may not be, be inside or contain an input (resolved paths, links included).
      output::check_output_disjoint(o->out, {o->dirs.begin(), o->dirs.end()}, "run folder");
      const bool experiments = common_kind(o->dirs) == output::FolderKind::Experiment;
      output::ExperimentComparison paired;
      if (experiments) paired = output::compare_experiments({o->dirs.begin(), o->dirs.end()});
      else
        for (const auto& d : o->dirs) data.push_back(output::read_run_folder(d));
      output::RunFolder folder(o->out, o->force);
      std::vector<output::Difference> rows;
      if (experiments) {
        output::write_paired_csv(folder.staging() / "differences.csv", paired.rows);
      } else {
        rows = output::compare_folders(data);
        output::write_differences_csv(folder.staging() / "differences.csv", rows);
      }
      nlohmann::json m;
      m["nisim_version"] = kVersion;
      m["git_commit"] = kGitCommit;
      m["verb"] = "compare";
      m["reference"] = o->dirs.front();
      m["folders"] = o->dirs;
      m["rows"] = experiments ? paired.rows.size() : rows.size();
      if (experiments) {
        m["folders_kind"] = "experiment";
        m["pairing"] = nlohmann::json::array();
        for (const auto& p : paired.pairing)
          m["pairing"].push_back({{"other", p.other},
                                  {"pairs", p.pairs},
                                  {"reference_unpaired", p.reference_unpaired},
                                  {"other_unpaired", p.other_unpaired}});
      }
      m["finished_utc"] = output::utc_now_iso8601();
      output::write_text(folder.staging() / "manifest.json", m.dump(2) + "\n");
      folder.commit();
      std::cout << (experiments ? output::summarise_paired(paired, o->top) : output::summarise_differences(rows, o->top))
                << "output: " << folder.target().string() << "\n";
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    return kExitOk;
  }};
}

}  // namespace nisim::cli
