// `nisim sensitivity DIR --method sobol|morris --indicator NAME --year Y`: global
// sensitivity indices of one indicator in one year from a finished sweep folder.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include <nisim/experiment/analysis.hpp>
#include <nisim/experiment/outputs.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>

#include "cli.hpp"

namespace nisim::cli {

namespace {

/// The output file may not be the sweep folder or one of its files (the store read here,
/// its manifest, summaries...), must be a regular file if it exists, and is replaced only
/// with --force.
void check_sensitivity_output(const std::filesystem::path& file, const std::filesystem::path& dir, bool force) {
  namespace fs = std::filesystem;
  const fs::path f = output::resolve_path(file), d = output::resolve_path(dir);
  if (output::path_within(d, f))
    throw output::OutputError(fmt::format("--out {} is, or contains, the sweep folder {}; choose another --out",
                                          file.string(), dir.string()));
  if (f.parent_path() == d) {
    const std::string name = f.filename().string();
    for (const char* input : {"results.sqlite", "results.sqlite-wal", "results.sqlite-shm", "results.sqlite-journal",
                              "manifest.json", "summary.csv", "indicators.csv", "runs.csv", "design.csv",
                              "scenario.resolved.toml", output::kLockFile})
      if (name == input)
        throw output::OutputError(fmt::format(
            "--out {} is a file of the sweep folder {} that this command reads or nisim wrote; choose another --out",
            file.string(), dir.string()));
  }
  output::check_output_file(f, force);
}

}  // namespace

Verb add_sensitivity(CLI::App& app) {
  auto q = std::make_shared<experiment::SensitivityRequest>();
  auto out = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "sensitivity",
      "Sobol' indices (S1, S1_conf, ST, ST_conf; Jansen estimators, bootstrap intervals) or Morris "
      "elementary effects (mu, mu_star, sigma) of one indicator in one year, from a sweep folder");
  sub->add_option("dir", *dir, "Sweep folder (made with --design sobol or --design morris)")->required();
  sub->add_option("--method", q->method, "sobol | morris")->required()->check(CLI::IsMember({"sobol", "morris"}));
  sub->add_option("--indicator", q->indicator, "Indicator name, e.g. gerd_cny_bn")->required();
  sub->add_option("--year", q->year, "Year of the indicator")->required();
  sub->add_option("--bootstrap", q->bootstrap, "Sobol': bootstrap resamples (default 1000)")->check(CLI::Range(10, 100000));
  sub->add_option("--conf", q->conf_level, "Confidence level of the intervals (default 0.95)")
      ->check(CLI::Range(0.5, 0.999));
  sub->add_option("--seed", q->seed, "Seed of the bootstrap (default 1)");
  sub->add_option("--out", *out, "CSV file to write (default DIR/sensitivity-METHOD-INDICATOR-YEAR.csv)");
  auto force = std::make_shared<bool>(false);
  sub->add_flag("--force", *force, "Replace an existing output file");
  return {sub, [q, out, dir, force]() -> int {
    q->dir = *dir;
    const std::filesystem::path file =
        out->empty() ? q->dir / fmt::format("sensitivity-{}-{}-{}.csv", q->method, q->indicator, q->year)
                     : std::filesystem::path(*out);
    check_sensitivity_output(file, q->dir, *force);  // before the analysis: a refusal costs nothing
    experiment::SensitivityReport rep;
    try {
      rep = experiment::analyse_sensitivity(*q);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    experiment::write_atomically(file, rep.csv);

    std::cout << fmt::format("{} indices of {} in {} ({} design points", q->method, q->indicator, q->year, rep.points);
    if (rep.points_missing) std::cout << fmt::format(", {} with a failed run", rep.points_missing);
    std::cout << ")\n";
    if (const auto* s = std::get_if<experiment::SobolResult>(&rep.result)) {
      std::cout << fmt::format("{:<40} {:>9} {:>9} {:>9} {:>9}\n", "parameter", "S1", "S1_conf", "ST", "ST_conf");
      for (const auto& i : s->indices)
        std::cout << fmt::format("{:<40} {:>9.4f} {:>9.4f} {:>9.4f} {:>9.4f}\n", i.name, i.s1, i.s1_conf, i.st, i.st_conf);
      if (s->base_samples_dropped)
        std::cerr << fmt::format("note: {} of {} base samples dropped (a run failed)\n", s->base_samples_dropped,
                                 s->base_samples_dropped + s->base_samples_used);
    } else if (const auto* m = std::get_if<experiment::MorrisResult>(&rep.result)) {
      std::cout << fmt::format("{:<40} {:>12} {:>12} {:>12} {:>12}\n", "parameter", "mu", "mu_star", "sigma",
                               "mu_star_conf");
      for (const auto& i : m->indices)
        std::cout << fmt::format("{:<40} {:>12.5g} {:>12.5g} {:>12.5g} {:>12.5g}\n", i.name, i.mu, i.mu_star, i.sigma,
                                 i.mu_star_conf);
      if (m->trajectories_dropped)
        std::cerr << fmt::format("note: {} of {} trajectories dropped (a run failed)\n", m->trajectories_dropped,
                                 m->trajectories_dropped + m->trajectories_used);
    }
    std::cout << "output: " << file.string() << "\n";
    return kExitOk;
  }};
}

}  // namespace nisim::cli
