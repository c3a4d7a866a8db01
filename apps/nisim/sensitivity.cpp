// `nisim sensitivity DIR --method sobol|morris --indicator NAME --year Y`: global
// sensitivity indices of one indicator in one year from a finished sweep folder.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include <nisim/experiment/analysis.hpp>
#include <nisim/experiment/outputs.hpp>
#include <nisim/output/run_folder.hpp>

#include "cli.hpp"

namespace nisim::cli {

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
  return {sub, [q, out, dir]() -> int {
    q->dir = *dir;
    experiment::SensitivityReport rep;
    try {
      rep = experiment::analyse_sensitivity(*q);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    const std::filesystem::path file =
        out->empty() ? q->dir / fmt::format("sensitivity-{}-{}-{}.csv", q->method, q->indicator, q->year)
                     : std::filesystem::path(*out);
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
