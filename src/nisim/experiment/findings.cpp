// Running a finding's experiment: the central ensemble and the Latin hypercube, every run
// with common seeds across arms so that each per-seed difference is the arm's effect.
#include <nisim/experiment/findings.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/areas.hpp>
#include <nisim/model/exogenous.hpp>
#include <nisim/model/params.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::experiment {

Estimate estimate(const std::vector<double>& v) {
  Estimate e;
  e.n = static_cast<int>(v.size());
  if (v.empty()) return e;
  double sum = 0;
  for (double x : v) sum += x;
  e.mean = sum / double(v.size());
  e.lo = e.hi = e.mean;
  if (v.size() < 2) return e;
  double ss = 0;
  for (double x : v) ss += (x - e.mean) * (x - e.mean);
  const double se = std::sqrt(ss / double(v.size() - 1) / double(v.size()));
  const boost::math::students_t law(double(v.size() - 1));
  const double q = boost::math::quantile(law, 0.975);
  e.lo = e.mean - q * se;
  e.hi = e.mean + q * se;
  e.t = se > 0 ? e.mean / se : (e.mean == 0 ? 0 : std::copysign(INFINITY, e.mean));
  return e;
}

namespace {

// One arm at one design point, ready to run for any seed.
struct Setup {
  model::Params params;
  std::vector<model::TechArea> areas;
  scenario::Scenario scenario;  // for attach_policies
};

Setup make_setup(const Finding& f, const FindingArm& arm, const std::vector<std::string>& overrides,
                 const FindingSizes& sizes) {
  const auto base = std::filesystem::absolute(std::filesystem::path(sizes.scenarios_dir) / arm.base);
  const std::string text = fmt::format("extends = \"{}\"\n{}", base.generic_string(), arm.toml);
  auto sc = scenario::load_scenario_text(text, fmt::format("finding-{}-{}.toml", f.id, arm.name), overrides);
  Setup s{model::Params::from_map(sc.params), model::default_tech_areas(), std::move(sc)};
  for (const bool novel : {true, false})
    for (const auto& id : novel ? arm.novel_areas : arm.emulation_areas) {
      bool found = false;
      for (auto& a : s.areas)
        if (a.id == id) a.novel = novel, found = true;
      if (!found) throw std::invalid_argument(fmt::format("finding {}, arm {}: unknown area '{}'", f.id, arm.name, id));
    }
  return s;
}

std::size_t arm_index(const Finding& f, const std::string& name) {
  for (std::size_t i = 0; i < f.arms.size(); ++i)
    if (f.arms[i].name == name) return i;
  throw std::invalid_argument(fmt::format("finding {}: an effect names arm '{}', which it does not have", f.id, name));
}

// Per effect, the sum of its indicator over its years and the number of years found.
std::vector<std::pair<double, int>> measure(const Finding& f, const Setup& s, std::uint64_t seed, double scale) {
  model::Simulation sim(s.params, s.areas, model::china_exogenous(), model::RunPlan{seed, scale, 2010, f.until});
  policy::attach_policies(s.scenario, sim);
  sim.run();
  std::vector<std::pair<double, int>> out(f.effects.size(), {0.0, 0});
  for (const auto& r : sim.indicators())
    for (std::size_t e = 0; e < f.effects.size(); ++e)
      if (r.indicator == f.effects[e].indicator && r.year >= f.effects[e].from && r.year <= f.effects[e].to) {
        out[e].first += r.value;
        ++out[e].second;
      }
  for (std::size_t e = 0; e < f.effects.size(); ++e) {
    const auto& fe = f.effects[e];
    if (out[e].second != fe.to - fe.from + 1)
      throw std::invalid_argument(fmt::format("finding {}: indicator {} has {} of the years {}-{} (runs end in {})", f.id,
                                              fe.indicator, out[e].second, fe.from, fe.to, f.until));
  }
  return out;
}

// A measure on the effect's scale; a value outside its domain (a sum that is not positive,
// a mean outside (0, 1) for odds) is a fault of the finding's definition, named here.
double transformed(const Finding& f, const FindingEffect& fe, const std::pair<double, int>& m) {
  if (fe.scale == EffectScale::LogRatio) {
    if (!(m.first > 0))
      throw std::invalid_argument(fmt::format("finding {}, effect {}: {} sums to {} over {}-{}; a log ratio needs a "
                                              "positive sum", f.id, fe.name, fe.indicator, m.first, fe.from, fe.to));
    return std::log(m.first);
  }
  const double p = m.first / double(m.second);
  if (!(p > 0 && p < 1))
    throw std::invalid_argument(fmt::format("finding {}, effect {}: {} has mean {} over {}-{}; an odds ratio needs a "
                                            "value in (0, 1)", f.id, fe.name, fe.indicator, p, fe.from, fe.to));
  return std::log(p / (1 - p));
}

// The runs of a list of design points (the central experiment is one point without
// overrides): per point, per seed, per effect, the effect value.
using EffectTable = std::vector<std::vector<std::vector<double>>>;

EffectTable run_points(const Finding& f, const std::vector<std::vector<std::string>>& point_overrides, int seeds,
                       const FindingSizes& sizes) {
  const std::size_t arms = f.arms.size(), points = point_overrides.size();
  std::vector<Setup> setups;
  setups.reserve(points * arms);
  for (std::size_t p = 0; p < points; ++p)
    for (const auto& arm : f.arms) setups.push_back(make_setup(f, arm, point_overrides[p], sizes));
  const std::size_t runs = points * std::size_t(seeds) * arms;
  std::vector<std::vector<std::pair<double, int>>> results(runs);
  tbb::parallel_for(std::size_t(0), runs, [&](std::size_t i) {
    const std::size_t arm = i % arms, seed = (i / arms) % std::size_t(seeds), p = i / arms / std::size_t(seeds);
    results[i] = measure(f, setups[p * arms + arm], seed + 1, sizes.scale);
  });
  EffectTable table(points, std::vector<std::vector<double>>(std::size_t(seeds), std::vector<double>(f.effects.size())));
  for (std::size_t p = 0; p < points; ++p)
    for (std::size_t s = 0; s < std::size_t(seeds); ++s)
      for (std::size_t e = 0; e < f.effects.size(); ++e) {
        const auto& fe = f.effects[e];
        const auto& treated = results[(p * std::size_t(seeds) + s) * arms + arm_index(f, fe.treated)][e];
        const auto& reference = results[(p * std::size_t(seeds) + s) * arms + arm_index(f, fe.reference)][e];
        table[p][s][e] = transformed(f, fe, treated) - transformed(f, fe, reference);
      }
  return table;
}

std::size_t effect_index(const Finding& f, const std::string& name) {
  for (std::size_t e = 0; e < f.effects.size(); ++e)
    if (f.effects[e].name == name) return e;
  throw std::invalid_argument(fmt::format("finding {}: a claim names effect '{}', which it does not have", f.id, name));
}

double claim_value(const Finding& f, const FindingClaim& c, const std::vector<double>& effects) {
  double v = 0;
  for (const auto& n : c.plus) v += effects[effect_index(f, n)];
  for (const auto& n : c.minus) v -= effects[effect_index(f, n)];
  return v;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

}  // namespace

FindingResult evaluate(const Finding& f, const FindingSizes& sizes) {
  if (sizes.seeds < 2 || sizes.points < 2 || sizes.point_seeds < 1 || !(sizes.scale > 0))
    throw std::invalid_argument("finding sizes: seeds >= 2, points >= 2, point seeds >= 1 and a positive scale are needed");
  // A finding that names an arm or effect it lacks fails here, before any run.
  for (const auto& fe : f.effects) arm_index(f, fe.treated), arm_index(f, fe.reference);
  for (const auto& c : f.claims)
    for (const auto* names : {&c.plus, &c.minus})
      for (const auto& n : *names) effect_index(f, n);
  const auto t0 = std::chrono::steady_clock::now();
  engine::ThreadScope threads(sizes.threads);
  FindingResult res;
  res.finding = &f;
  res.sizes = sizes;
  res.design = latin_hypercube(f.params, sizes.points, sizes.design_seed);

  const auto central = run_points(f, {{}}, sizes.seeds, sizes)[0];
  std::vector<std::vector<std::string>> overrides;
  for (const auto& point : res.design.points) {
    std::vector<std::string> o;
    for (std::size_t j = 0; j < f.params.size(); ++j) o.push_back(fmt::format("{}={}", f.params[j].name, point[j]));
    overrides.push_back(std::move(o));
  }
  const auto at_points = run_points(f, overrides, sizes.point_seeds, sizes);
  res.runs = (std::size_t(sizes.seeds) + std::size_t(sizes.points) * std::size_t(sizes.point_seeds)) * f.arms.size();

  for (std::size_t e = 0; e < f.effects.size(); ++e) {
    std::vector<double> v;
    for (const auto& seed : central) v.push_back(seed[e]);
    res.effects.push_back({f.effects[e].name, estimate(v)});
  }
  for (const auto& c : f.claims) {
    ClaimResult cr;
    cr.text = c.text;
    cr.hypothesis_sign = c.hypothesis_sign;
    std::vector<double> v;
    for (const auto& seed : central) v.push_back(claim_value(f, c, seed));
    cr.central = estimate(v);
    int keeps = 0, agrees = 0;
    for (const auto& point : at_points) {
      double m = 0;
      for (const auto& seed : point) m += claim_value(f, c, seed) / double(point.size());
      cr.at_point.push_back(m);
      keeps += (m > 0) == (cr.central.mean > 0);
      agrees += (m > 0) == (c.hypothesis_sign > 0);
    }
    cr.keeps_sign = double(keeps) / double(at_points.size());
    cr.agrees = double(agrees) / double(at_points.size());
    for (std::size_t j = 0; j < f.params.size(); ++j) {
      std::vector<double> u;
      for (const auto& point : res.design.points) u.push_back(to_unit(f.params[j], point[j]));
      cr.correlation.push_back(correlation(u, cr.at_point));
    }
    res.claims.push_back(std::move(cr));
  }
  res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace nisim::experiment
