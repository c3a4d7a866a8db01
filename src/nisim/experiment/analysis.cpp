#include <nisim/experiment/analysis.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include <nisim/experiment/experiment.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/experiment/store.hpp>

namespace nisim::experiment {

SensitivityReport analyse_sensitivity(const SensitivityRequest& q) {
  if (q.method != "sobol" && q.method != "morris")
    throw std::invalid_argument(fmt::format("--method: expected sobol or morris, found '{}'", q.method));
  nlohmann::json meta;
  try {
    meta = read_experiment_meta(q.dir);
  } catch (const NotAnExperimentError& e) {
    throw NotAnExperimentError(fmt::format("{}: sensitivity needs a sweep folder (made with nisim sweep --design "
                                           "sobol or --design morris)",
                                           e.what()));
  }
  const ExperimentPlan plan = plan_from_json(meta.at("plan"));
  const DesignKind want = q.method == "sobol" ? DesignKind::Sobol : DesignKind::Morris;
  if (plan.verb != "sweep" || plan.design.kind != want)
    throw std::invalid_argument(fmt::format(
        "{} holds {} {}; --method {} needs a sweep made with --design {}", q.dir.string(),
        plan.verb == "sweep" ? "a sweep with --design" : "an", plan.verb == "sweep" ? design_kind_name(plan.design.kind) : "ensemble",
        q.method, q.method));

  ExperimentStore store(q.dir / "results.sqlite", ExperimentStore::Mode::ReadOnly);
  const auto values = store.values_of(q.indicator, q.year);
  if (values.empty()) {
    // Say which of the two is wrong.
    int first = 0, last = 0;
    bool any_indicator = false;
    store.for_each_group(-1, [&](const std::string& ind, int year, std::vector<double>&) {
      if (ind != q.indicator) return;
      if (!any_indicator) first = year;
      last = year;
      any_indicator = true;
    });
    if (any_indicator)
      throw std::invalid_argument(fmt::format("--year {}: no value of {} in that year (the runs cover {}-{})", q.year,
                                              q.indicator, first, last));
    throw std::invalid_argument(fmt::format("--indicator {}: no such indicator in {} (docs/indicators.md lists them)",
                                            q.indicator, q.dir.string()));
  }

  // Mean over replications; NaN when a replication is missing or failed.
  const std::size_t P = plan.points();
  std::vector<double> sum(P, 0.0);
  std::vector<int> count(P, 0);
  for (const auto& [index, v] : values) {
    if (index >= plan.total_runs())
      throw output::OutputError(fmt::format("{}/results.sqlite: run index {} is outside the plan of {} runs (the store "
                                            "is damaged)",
                                            q.dir.string(), index, plan.total_runs()));
    const RunSpec spec = plan.run(index);
    sum[static_cast<std::size_t>(spec.point)] += v;
    count[static_cast<std::size_t>(spec.point)]++;
  }
  SensitivityReport rep;
  rep.method = q.method;
  rep.points = P;
  std::vector<double> y(P);
  for (std::size_t p = 0; p < P; ++p) {
    if (count[p] == plan.replications) {
      y[p] = sum[p] / plan.replications;
    } else {
      y[p] = std::numeric_limits<double>::quiet_NaN();
      ++rep.points_missing;
    }
  }

  if (q.method == "sobol") {
    SobolOptions opt;
    opt.bootstrap = q.bootstrap;
    opt.conf_level = q.conf_level;
    opt.seed = q.seed;
    SobolResult r = sobol_indices(plan.design, y, opt);
    rep.csv = "parameter,S1,S1_conf,ST,ST_conf\n";
    for (const auto& i : r.indices) rep.csv += fmt::format("{},{},{},{},{}\n", i.name, i.s1, i.s1_conf, i.st, i.st_conf);
    rep.result = std::move(r);
  } else {
    MorrisResult r = morris_indices(plan.design, y, q.seed);
    rep.csv = "parameter,mu,mu_star,sigma,mu_star_conf\n";
    for (const auto& i : r.indices)
      rep.csv += fmt::format("{},{},{},{},{}\n", i.name, i.mu, i.mu_star, i.sigma, i.mu_star_conf);
    rep.result = std::move(r);
  }
  return rep;
}

}  // namespace nisim::experiment
