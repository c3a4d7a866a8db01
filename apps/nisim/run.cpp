// `nisim run SCENARIO.toml --out DIR`: one run into one folder.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/model/targets.hpp>
#include <nisim/output/manifest.hpp>
#include <nisim/output/progress.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/output/select.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/parameters.hpp>
#include <nisim/scenario/scenario.hpp>

#include "cli.hpp"

namespace nisim::cli {

namespace {

struct RunOptions {
  std::string scenario, out, progress = "auto";
  std::optional<std::int64_t> seed;  // signed, so that --seed -1 is reported as typed
  std::optional<double> scale;
  std::optional<int> threads, until;
  std::vector<std::string> sets;
  bool force = false;
};

void print_headline(const std::vector<output::IndicatorRow>& rows, const std::string& folder) {
  const std::pair<const char*, const char*> cols[] = {
      {"gerd_cny_bn", "GERD bn CNY"},        {"rd_intensity_pct", "R&D % GDP"},
      {"basic_share_pct", "basic %"},        {"rd_personnel_fte_10k", "personnel 10k FTE"},
      {"papers", "papers"},                  {"pct_applications", "PCT"},
      {"self_reliance_index", "self-reliance"}};
  const int years[] = {2010, 2015, 2020, 2023, 2030, 2035};
  std::string header = fmt::format("{:>6}", "year");
  for (auto& c : cols) header += fmt::format(" {:>17}", c.second);
  std::cout << header << "\n";
  for (int y : years) {
    std::string line = fmt::format("{:>6}", y);
    bool any = false;
    for (auto& c : cols) {
      const output::IndicatorRow* hit = nullptr;
      for (const auto& r : rows)
        if (r.year == y && r.indicator == c.first) hit = &r;
      if (hit) {
        any = true;
        const double v = hit->value;
        line += std::abs(v) >= 1000 ? fmt::format(" {:>17.0f}", v) : fmt::format(" {:>17.2f}", v);
      } else {
        line += fmt::format(" {:>17}", "-");
      }
    }
    if (any) std::cout << line << "\n";
  }
  std::cout << "output: " << folder << "\n";
}

}  // namespace

Verb add_run(CLI::App& app, const std::string& command_line) {
  auto o = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Run one scenario into one output folder");
  sub->add_option("scenario", o->scenario, "Scenario file (TOML)")->required();
  sub->add_option("--out", o->out, "Output folder (must not exist or be empty unless --force)")->required();
  sub->add_option("--seed", o->seed, "Seed of the random streams (overrides [run].seed)");
  sub->add_option("--scale", o->scale, "Agents per real unit, 0 < S <= 2 (1.0 = one agent per FTE)");
  sub->add_option("--threads", o->threads, "Worker threads (0 = all cores); results do not depend on it");
  sub->add_option("--until", o->until, "Last simulated year (overrides [run].end_year)");
  sub->add_option("--set", o->sets, "Override a key: params.NAME=V, NAME=V or run.KEY=V (repeatable)")
      ->allow_extra_args(false);  // one value per --set, so a scenario file after it stays positional
  sub->add_option("--progress", o->progress, "Progress on stderr: auto|bar|json|none")
      ->check(CLI::IsMember({"auto", "bar", "json", "none"}));
  sub->add_flag("--force", o->force, "Replace an existing output folder written by nisim (never another folder)");
  return {sub, [o, command_line]() -> int {
    const auto sc = load_with_run_flags(o->scenario, o->sets, o->seed, o->scale, o->until);
    const int threads = capped_to_cores(o->threads ? *o->threads : sc.run.threads, o->threads ? "--threads" : "run.threads");
    // --force must not delete the scenario this run reads (`--out` holding it).
    output::check_output_disjoint(o->out, {sc.file}, "scenario file");
    output::RunFolder folder(o->out, o->force);  // checks the target before any work
    // From here on Ctrl-C (SIGINT) or SIGTERM stops the run between two simulated years;
    // the exception unwinds through `folder`, which removes the staging folder, and
    // main() exits with 128 + the signal.
    output::install_interrupt_handlers();
    output::throw_if_interrupted();

    const auto t0 = std::chrono::steady_clock::now();
    output::ManifestInfo m;
    m.started_utc = output::utc_now_iso8601();
    engine::ThreadScope scope(threads);
    model::RunPlan plan{sc.run.seed, sc.run.scale, sc.run.start_year, sc.run.end_year};
    model::Simulation sim(sc, plan);
    policy::attach_policies(sc, sim);
    output::Progress progress(output::parse_progress_mode(o->progress), "run " + sc.name,
                              plan.end_year - plan.start_year + 1, "years");
    sim.run([&](int done, int) {
      output::throw_if_interrupted();
      progress.update(done);
    });
    progress.finish("ok");
    std::vector<output::IndicatorRow> rows;
    try {
      rows = output::select_indicators(sim.indicators(), sc.outputs.indicators);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());  // a scenario error: exit 2, nothing written
    }

    m.command_line = command_line;
    m.scenario_name = sc.name;
    m.scenario_file = sc.file.string();
    m.scenario_sha256 = sc.sha256;
    m.seed = plan.seed;
    m.scale = plan.scale;
    m.threads = engine::current_threads();
    m.start_year = plan.start_year;
    m.end_year = plan.end_year;
    m.agent_ticks = sim.agent_ticks();
    m.status = "ok";
    m.finished_utc = output::utc_now_iso8601();
    m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.peak_rss_bytes = output::peak_rss_bytes();
    const auto manifest = output::make_manifest(m);
    const output::RunIdentity id{"1", sc.name, plan.seed};
    output::write_text(folder.staging() / "scenario.resolved.toml", sc.resolved_toml);
    if (sc.outputs.csv) output::write_indicators_csv(folder.staging() / "indicators.csv", id, rows);
    if (sc.outputs.sqlite) output::write_sqlite(folder.staging() / "results.sqlite", id, rows, "ok", "", manifest);
    output::write_text(folder.staging() / "manifest.json", manifest.dump(2) + "\n");
    output::throw_if_interrupted();  // the last moment at which nothing is published yet
    folder.commit();
    print_headline(rows, folder.target().string());
    return kExitOk;
  }};
}

}  // namespace nisim::cli
