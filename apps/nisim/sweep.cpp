// `nisim sweep SCENARIO.toml --design factorial|lhs|sobol|morris|file --param NAME=LO:HI[:log]
// ... --out DIR`: runs a scenario over a design of uncertain parameters.
#include <fmt/format.h>

#include <bit>
#include <fstream>
#include <sstream>

#include <nisim/engine/csv.hpp>
#include <nisim/engine/read_file.hpp>
#include <nisim/experiment/design.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/scenario/limits.hpp>
#include <nisim/scenario/parameters.hpp>

#include "experiment_common.hpp"

namespace nisim::cli {

namespace {

struct SweepFlags {
  std::string design, from;
  std::vector<std::string> params;
  int samples = 0, levels = 0, replications = 1;
};

/// A scenario error's message without its "--set argument N: " prefix (the caller names
/// where the value came from).
std::string bare_message(const scenario::ScenarioError& e) {
  std::string m = e.what();
  if (m.rfind("--set argument ", 0) == 0)
    if (const auto colon = m.find(": "); colon != std::string::npos) m = m.substr(colon + 2);
  return m;
}

/// Only model parameters and block keys are uncertainties: run.seed is set per run from
/// --seed (use --replications), and the other run, scenario and output keys are not
/// numbers of the model.
void check_sweepable(const std::string& key, const std::string& where) {
  for (const char* family : {"run.", "scenario.", "outputs."})
    if (key.rfind(family, 0) == 0)
      throw UsageError(fmt::format(
          "{}: '{}' cannot be swept; a design varies parameters (NAME or params.NAME) and block keys "
          "(policy[N].KEY, shock[N].KEY){}",
          where, key, key == "run.seed" ? " — for several seeds use --replications" : ""));
}

/// Applies `overrides` to the base scenario; a ScenarioError becomes a UsageError that
/// starts with `where`.
void check_overrides(const scenario::Scenario& base, const std::vector<std::string>& overrides,
                     const std::string& where) {
  try {
    (void)scenario::load_scenario_text(base.resolved_toml, base.file.string(), overrides);
  } catch (const scenario::ScenarioError& e) {
    throw UsageError(fmt::format("{}: {}", where, bare_message(e)));
  }
}

experiment::Design file_design(const scenario::Scenario& base, const std::string& path) {
  std::string text;
  try {
    text = engine::read_regular_file(path);
  } catch (const engine::FileReadError& e) {
    throw UsageError(fmt::format("--from {}: the design file {}; expected a CSV file of at most {}",
                                 scenario::shorten(path, 200), e.what(),
                                 engine::byte_limit_text(engine::kMaxInputFileBytes)));
  }
  experiment::Design d;
  d.kind = experiment::DesignKind::File;
  try {
    const auto t = engine::CsvTable::parse(text, path);
    std::vector<std::string> cols;
    for (const auto& h : t.header())
      if (h != "point" && h != "group" && h != "role") cols.push_back(h);
    if (cols.empty()) throw UsageError(fmt::format("{}: no parameter columns (the header names the keys to set)", path));
    if (t.rows() == 0) throw UsageError(fmt::format("{}: no design points (one row per point)", path));
    for (const auto& c : cols) {
      experiment::ParamRange p;
      p.name = c.rfind("params.", 0) == 0 ? c.substr(7) : c;
      check_sweepable(p.name, fmt::format("{}: column '{}'", path, c));
      d.params.push_back(p);
    }
    for (std::size_t r = 0; r < t.rows(); ++r) {
      std::vector<double> v;
      std::vector<std::string> overrides;
      for (std::size_t j = 0; j < cols.size(); ++j) {
        v.push_back(t.number(r, cols[j]));
        overrides.push_back(fmt::format("{}={}", d.params[j].name, v.back()));
      }
      check_overrides(base, overrides, fmt::format("{}:{}", path, t.line_of(r)));
      d.points.push_back(std::move(v));
    }
  } catch (const engine::CsvError& e) {
    throw UsageError(e.what());
  }
  for (std::size_t j = 0; j < d.params.size(); ++j) {
    d.params[j].lo = d.params[j].hi = d.points[0][j];
    for (const auto& pt : d.points) {
      d.params[j].lo = std::min(d.params[j].lo, pt[j]);
      d.params[j].hi = std::max(d.params[j].hi, pt[j]);
    }
  }
  d.group.assign(d.points.size(), 0);
  d.role.assign(d.points.size(), "");
  return d;
}

experiment::Design build_design(const scenario::Scenario& base, const SweepFlags& s) {
  experiment::DesignKind kind;
  try {
    kind = experiment::parse_design_kind(s.design);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--design: {}", e.what()));
  }
  if (kind == experiment::DesignKind::File) {
    if (s.from.empty()) throw UsageError("--design file needs --from DESIGN.csv");
    if (!s.params.empty()) throw UsageError("--design file takes its parameters from --from, not --param");
    return file_design(base, s.from);
  }
  if (!s.from.empty()) throw UsageError("--from is only for --design file");
  if (s.params.empty()) throw UsageError(fmt::format("--design {} needs at least one --param NAME=LO:HI", s.design));
  std::vector<experiment::ParamRange> ranges;
  for (const auto& text : s.params) {
    experiment::ParamRange p;
    try {
      p = experiment::parse_param_range(text);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    check_sweepable(p.name, fmt::format("--param {}", text));
    for (const auto& r : ranges)
      if (r.name == p.name) throw UsageError(fmt::format("--param {}: given twice", p.name));
    if (const auto* spec = scenario::find_parameter(p.name)) p.integer = spec->integer;
    // Both ends must be values the scenario accepts (known key, within its range).
    check_overrides(base, {fmt::format("{}={}", p.name, p.lo)}, fmt::format("--param {}", text));
    check_overrides(base, {fmt::format("{}={}", p.name, p.hi)}, fmt::format("--param {}", text));
    ranges.push_back(p);
  }
  auto need_samples = [&](int min) {
    if (s.samples < min)
      throw UsageError(fmt::format("--design {} needs --samples N with N >= {}{}", s.design, min,
                                   s.samples ? fmt::format(", found {}", s.samples) : ""));
  };
  try {
    switch (kind) {
      case experiment::DesignKind::Factorial:
        return experiment::factorial(ranges, s.levels ? s.levels : 3);
      case experiment::DesignKind::Lhs:
        need_samples(1);
        return experiment::latin_hypercube(ranges, s.samples, base.run.seed);
      case experiment::DesignKind::Sobol:
        need_samples(2);
        // Skip past the first 2^m points of the sequence (2^m >= N), as SALib does: the
        // first point (0.5, ..., 0.5) is the same in A and B and tells nothing.
        return experiment::saltelli(ranges, s.samples, std::bit_ceil(static_cast<std::uint64_t>(s.samples)) - 1);
      case experiment::DesignKind::Morris:
        need_samples(2);
        return experiment::morris(ranges, s.samples, s.levels ? s.levels : 4, base.run.seed);
      case experiment::DesignKind::File:
        break;
    }
  } catch (const std::invalid_argument& e) {
    const bool counted = kind != experiment::DesignKind::Factorial && s.samples > 0;
    throw UsageError(counted ? fmt::format("--design {} --samples {}: {}", s.design, s.samples, e.what())
                             : fmt::format("--design {}: {}", s.design, e.what()));
  }
  throw UsageError("unknown design");
}

}  // namespace

Verb add_sweep(CLI::App& app, const std::string& command_line) {
  auto f = std::make_shared<ExperimentFlags>();
  auto s = std::make_shared<SweepFlags>();
  auto* sub = app.add_subcommand(
      "sweep",
      "Run a scenario over a design of uncertain parameters (full factorial, Latin hypercube, Saltelli's "
      "sampling for Sobol' indices, Morris trajectories, or a design file) into one experiment folder");
  sub->add_option("scenario", f->scenario, "Scenario file (TOML)")->required();
  sub->add_option("--design", s->design, "factorial | lhs | sobol | morris | file")->required();
  sub->add_option("--param", s->params,
                  "Uncertain parameter NAME=LO:HI or NAME=LO:HI:log (repeatable); NAME is any --set key, "
                  "e.g. project_funding_share or policy[1].project_share_change")
      ->allow_extra_args(false);
  // Bounds in the flags: a mistyped count is refused before any design is built (the
  // design itself holds at most experiment::kMaxDesignPoints points).
  const int max_runs = int(experiment::kMaxExperimentRuns);
  sub->add_option("--samples", s->samples,
                  "lhs: points; sobol: base samples N (N x (k+2) runs); morris: trajectories (k+1 runs each); "
                  "1 to 1000000")
      ->check(CLI::Range(1, max_runs));
  sub->add_option("--levels", s->levels,
                  "factorial: levels per parameter (default 3); morris: grid levels (default 4); 2 to 1000")
      ->check(CLI::Range(2, 1000));
  sub->add_option("--replications", s->replications,
                  "Runs per design point, seeds shared across points (default 1); 1 to 1000000")
      ->check(CLI::Range(1, max_runs));
  sub->add_option("--from", s->from, "--design file: CSV with one column per key and one row per point");
  add_experiment_flags(sub, *f);
  return {sub, [f, s, command_line]() -> int {
    return execute_experiment(*f, command_line, [f, s] {
      experiment::ExperimentSetup setup;
      setup.base = load_base_scenario(*f);
      try {
        setup.plan = experiment::sweep_plan(build_design(setup.base, *s), s->replications, setup.base.run.seed);
      } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("--replications {}: {}", s->replications, e.what()));
      }
      return setup;
    });
  }};
}

}  // namespace nisim::cli
