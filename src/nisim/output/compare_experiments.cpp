#include <nisim/output/compare_experiments.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <nisim/engine/csv.hpp>
#include <nisim/experiment/experiment.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/experiment/store.hpp>
#include <nisim/output/compare.hpp>
#include <nisim/output/run_folder.hpp>

namespace nisim::output {

namespace fs = std::filesystem;

FolderKind folder_kind(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::invalid_argument(fmt::format("{}: not a folder", dir.string()));
  std::ifstream in(dir / "manifest.json", std::ios::binary);
  if (!in)
    throw std::invalid_argument(
        fmt::format("{}: missing manifest.json (is it a nisim run or experiment folder?)", dir.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(
        fmt::format("{}: manifest.json is not valid JSON (syntax error at byte {})", dir.string(), e.byte));
  }
  if (!m.is_object()) throw std::invalid_argument(fmt::format("{}: manifest.json is not a JSON object", dir.string()));
  if (!m.contains("verb")) return FolderKind::Run;
  const auto& verb = m.at("verb");
  if (verb == "ensemble" || verb == "sweep") return FolderKind::Experiment;
  throw std::invalid_argument(fmt::format("{} is the output of nisim {}, not a run or experiment folder", dir.string(),
                                          verb.is_string() ? verb.get<std::string>() : verb.dump()));
}

namespace {

/// One experiment folder as compare sees it.
struct Side {
  fs::path dir;
  std::string label, version;
  std::uint64_t base_seed = 0;
  std::set<std::uint64_t> planned_seeds;  ///< seeds of every run of the plan
  std::set<std::uint64_t> ok_seeds;       ///< seeds of the runs stored as ok
};

Side read_side(const fs::path& dir) {
  Side s;
  s.dir = dir;
  const nlohmann::json meta = experiment::read_experiment_meta(dir);  // checked by the store
  const experiment::ExperimentPlan plan = experiment::plan_from_json(meta.at("plan"));
  if (plan.points() > 1)
    throw std::invalid_argument(fmt::format(
        "{} is a sweep of {} design points: compare needs replications of one scenario. Make an ensemble of each "
        "scenario with the same --seed (nisim ensemble SCENARIO.toml --runs N --seed S --out DIR) and compare those "
        "folders; for the effect of the swept parameters use nisim sensitivity",
        dir.string(), plan.points()));
  s.base_seed = plan.base_seed;
  for (std::size_t i = 0; i < plan.total_runs(); ++i) s.planned_seeds.insert(plan.run(i).seed);
  s.version = meta.contains("nisim_version") && meta.at("nisim_version").is_string()
                  ? meta.at("nisim_version").get<std::string>()
                  : "unknown";
  s.label = fmt::format("{} ({} of {} runs, seed {})", meta.at("scenario").at("name").get<std::string>(), plan.verb,
                        plan.total_runs(), plan.base_seed);
  experiment::ExperimentStore store(dir / "results.sqlite", experiment::ExperimentStore::Mode::ReadOnly);
  for (const auto& r : store.runs()) {
    if (r.status != "ok") continue;
    if (!s.planned_seeds.count(r.seed) || !s.ok_seeds.insert(r.seed).second)
      throw OutputError(fmt::format("{}/results.sqlite: run {} has seed {}, which is not the seed of one run of the "
                                    "plan (the store is damaged)",
                                    dir.string(), r.id, r.seed));
  }
  return s;
}

/// Mean, standard error and 95% interval of the paired differences.
PairedDifference paired_stats(const std::vector<double>& a, const std::vector<double>& b) {
  PairedDifference p;
  const std::size_t n = a.size();
  p.n = n;
  double sa = 0, sb = 0, sd = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sa += a[i];
    sb += b[i];
    sd += b[i] - a[i];
  }
  const auto dn = static_cast<double>(n);
  p.reference_mean = sa / dn;
  p.other_mean = sb / dn;
  p.difference = sd / dn;
  // Two-pass sum of squares of the differences (not E[d^2] - E[d]^2, which loses the
  // digits when the differences are small against the level).
  double ss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = (b[i] - a[i]) - p.difference;
    ss += e * e;
  }
  p.se = std::sqrt(ss / (dn - 1)) / std::sqrt(dn);
  const boost::math::students_t dist(dn - 1);
  const double t = boost::math::quantile(boost::math::complement(dist, 0.025));
  p.ci_low = p.difference - t * p.se;
  p.ci_high = p.difference + t * p.se;
  const double ref = p.reference_mean;
  p.relative = ref != 0 ? p.difference / std::abs(ref) : (p.difference == 0 ? 0.0 : INFINITY);
  return p;
}

void compare_pair(const Side& ref, const Side& other, const std::string& ref_label, const std::string& other_label,
                  ExperimentComparison& out) {
  std::vector<std::uint64_t> planned_common;
  std::set_intersection(ref.planned_seeds.begin(), ref.planned_seeds.end(), other.planned_seeds.begin(),
                        other.planned_seeds.end(), std::back_inserter(planned_common));
  if (planned_common.empty())
    throw std::invalid_argument(fmt::format(
        "{} (base seed {}) and {} (base seed {}) have no run seed in common, so their runs cannot be paired: compare "
        "pairs the runs of equal seed; make both experiments with the same --seed",
        ref.dir.string(), ref.base_seed, other.dir.string(), other.base_seed));
  std::set<std::uint64_t> pairs;
  std::set_intersection(ref.ok_seeds.begin(), ref.ok_seeds.end(), other.ok_seeds.begin(), other.ok_seeds.end(),
                        std::inserter(pairs, pairs.end()));
  if (pairs.size() < 2)
    throw std::invalid_argument(fmt::format(
        "{} and {} have {} pair(s) of runs of equal seed that both finished ok: a paired comparison needs at least 2 "
        "(run more replications)",
        ref.dir.string(), other.dir.string(), pairs.size()));
  out.pairing.push_back({ref_label, other_label, pairs.size(), ref.ok_seeds.size() - pairs.size(),
                         other.ok_seeds.size() - pairs.size()});

  // Both stores stream their groups in the same (indicator, year) order: a merge join
  // keeps one group of each in memory.
  experiment::ExperimentStore sa(ref.dir / "results.sqlite", experiment::ExperimentStore::Mode::ReadOnly);
  experiment::ExperimentStore sb(other.dir / "results.sqlite", experiment::ExperimentStore::Mode::ReadOnly);
  experiment::SeededGroups ga(sa), gb(sb);
  bool ha = ga.next(), hb = gb.next();
  std::unordered_map<std::uint64_t, double> partner;
  std::vector<double> a, b;
  while (ha && hb) {
    const int order = ga.indicator() != gb.indicator() ? (ga.indicator() < gb.indicator() ? -1 : 1)
                                                        : (ga.year() < gb.year() ? -1 : ga.year() > gb.year());
    if (order < 0) {
      ha = ga.next();
      continue;
    }
    if (order > 0) {
      hb = gb.next();
      continue;
    }
    partner.clear();
    for (const auto& v : gb.values())
      if (pairs.count(v.seed)) partner.emplace(v.seed, v.value);
    a.clear();
    b.clear();
    // In the reference's run order, so the sums do not depend on the other's order.
    for (const auto& v : ga.values()) {
      if (!pairs.count(v.seed)) continue;
      const auto it = partner.find(v.seed);
      if (it == partner.end()) continue;
      a.push_back(v.value);
      b.push_back(it->second);
    }
    if (a.size() >= 2) {
      PairedDifference p = paired_stats(a, b);
      p.indicator = ga.indicator();
      p.year = ga.year();
      p.reference = ref_label;
      p.other = other_label;
      out.rows.push_back(std::move(p));
    }
    ha = ga.next();
    hb = gb.next();
  }
}

}  // namespace

ExperimentComparison compare_experiments(const std::vector<fs::path>& dirs) {
  if (dirs.size() < 2) throw std::invalid_argument("compare needs at least two folders");
  std::vector<Side> sides;
  for (const auto& d : dirs) sides.push_back(read_side(d));
  const Side& ref = sides.front();
  std::vector<Origin> origins;
  for (const auto& s : sides) origins.push_back({s.dir, s.label, s.version});
  const std::vector<std::string> labels = comparable_labels(origins);
  ExperimentComparison out;
  for (std::size_t i = 1; i < sides.size(); ++i) {
    const std::size_t before = out.rows.size();
    compare_pair(ref, sides[i], labels[0], labels[i], out);
    if (out.rows.size() == before)
      throw std::invalid_argument(
          fmt::format("{} and {} share no indicator and year", ref.dir.string(), sides[i].dir.string()));
  }
  return out;
}

void write_paired_csv(const fs::path& file, const std::vector<PairedDifference>& rows) {
  std::ofstream out(file, std::ios::binary);
  if (!out) throw OutputError("cannot write " + file.string());
  out << "indicator,year,reference,other,n,reference_mean,other_mean,difference,se,ci95_low,ci95_high,"
         "relative_difference\n";
  for (const auto& r : rows)
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", engine::csv_escape(r.indicator), r.year,
                       engine::csv_escape(r.reference), engine::csv_escape(r.other), r.n, r.reference_mean,
                       r.other_mean, r.difference, r.se, r.ci_low, r.ci_high, r.relative);
  if (!out) throw OutputError("error writing " + file.string());
}

std::string summarise_paired(const ExperimentComparison& c, std::size_t top) {
  std::string s;
  for (const auto& p : c.pairing) {
    std::vector<const PairedDifference*> list;
    int y = 0;
    for (const auto& r : c.rows)
      if (r.other == p.other) {
        list.push_back(&r);
        y = std::max(y, r.year);
      }
    std::vector<const PairedDifference*> last;
    for (auto* r : list)
      if (r->year == y && r->indicator.find('.') == std::string::npos && r->difference != 0) last.push_back(r);
    std::sort(last.begin(), last.end(), [](auto* a, auto* b) {
      const double x = std::abs(a->relative), z = std::abs(b->relative);
      return x != z ? x > z : a->indicator < b->indicator;
    });
    s += fmt::format("{} vs {} — {} paired runs (same seed); largest differences of the means in {}:\n", p.other,
                     p.reference, p.pairs, y);
    if (p.reference_unpaired || p.other_unpaired)
      s += fmt::format("  ({} ok runs of the reference and {} of the other have no partner and are left out)\n",
                       p.reference_unpaired, p.other_unpaired);
    s += fmt::format("  {:<36} {:>16} {:>16} {:>10}  {}\n", "indicator", "reference", "other", "change",
                     "95% interval");
    for (std::size_t i = 0; i < std::min(top, last.size()); ++i) {
      const auto* r = last[i];
      const double ref = std::abs(r->reference_mean);
      const std::string ci = ref != 0 ? fmt::format("[{:+.1f}%, {:+.1f}%]", 100 * r->ci_low / ref, 100 * r->ci_high / ref)
                                      : fmt::format("[{:.6g}, {:.6g}]", r->ci_low, r->ci_high);
      s += fmt::format("  {:<36} {:>16.6g} {:>16.6g} {:>9.1f}%  {}\n", r->indicator, r->reference_mean, r->other_mean,
                       100 * r->relative, ci);
    }
    if (last.empty()) s += "  (no differences)\n";
  }
  return s;
}

}  // namespace nisim::output
