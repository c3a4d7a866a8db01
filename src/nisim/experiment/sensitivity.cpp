#include <nisim/experiment/sensitivity.hpp>

#include <fmt/format.h>
#include <nisim/engine/rng.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace nisim::experiment {

namespace {

// Stream purposes of the bootstraps (population 0, agent = resample).
constexpr std::uint32_t kPurposeSobolBootstrap = 0xE011;
constexpr std::uint32_t kPurposeMorrisBootstrap = 0xE012;
constexpr int kMorrisResamples = 1000;
constexpr double kMorrisConfLevel = 0.95;

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Standard deviation with n - 1 in the denominator (as numpy's std(ddof=1)).
double sample_sd(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

void check_sizes(const Design& d, const std::vector<double>& y, const char* what) {
  if (d.params.empty()) throw std::invalid_argument(fmt::format("{}: the design has no parameters", what));
  if (y.size() != d.points.size())
    throw std::invalid_argument(fmt::format("{}: {} outputs for a design of {} points", what, y.size(),
                                            d.points.size()));
  if (d.group.size() != d.points.size() || d.role.size() != d.points.size())
    throw std::invalid_argument(fmt::format("{}: the design's group and role columns must have one entry "
                                            "per point",
                                            what));
  for (std::size_t i = 0; i < d.points.size(); ++i)
    if (d.points[i].size() != d.params.size())
      throw std::invalid_argument(fmt::format("{}: point {} has {} values for {} parameters", what, i,
                                              d.points[i].size(), d.params.size()));
}

// Model outputs of the complete Saltelli groups, by role.
struct SaltelliOutputs {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab;  // ab[i][j]: AB^(i+1) of group j
};

struct SobolEstimate {
  double v = 0;
  std::vector<double> s1, st;
};

// Jansen's estimators over the groups idx (a bootstrap passes repeats).
SobolEstimate jansen(const SaltelliOutputs& f, const std::vector<std::uint32_t>& idx) {
  const std::size_t k = f.ab.size(), m = idx.size();
  SobolEstimate e;
  double sum = 0;
  for (auto j : idx) sum += f.a[j] + f.b[j];
  const double centre = sum / (2.0 * m);
  double ss = 0;
  for (auto j : idx) ss += (f.a[j] - centre) * (f.a[j] - centre) + (f.b[j] - centre) * (f.b[j] - centre);
  e.v = ss / (2.0 * m);  // population variance, as SALib's np.var
  e.s1.resize(k);
  e.st.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    double db = 0, da = 0;
    for (auto j : idx) {
      db += (f.b[j] - f.ab[i][j]) * (f.b[j] - f.ab[i][j]);
      da += (f.a[j] - f.ab[i][j]) * (f.a[j] - f.ab[i][j]);
    }
    e.s1[i] = (e.v - db / (2.0 * m)) / e.v;
    e.st[i] = da / (2.0 * m) / e.v;
  }
  return e;
}

std::vector<std::uint32_t> resample(std::uint64_t seed, std::uint32_t purpose, int b, std::size_t m) {
  engine::CounterRng rng({seed, 0, purpose, static_cast<std::uint32_t>(b), 0});
  std::vector<std::uint32_t> idx(m);
  for (auto& j : idx) j = uniform_below(rng, static_cast<std::uint32_t>(m));
  return idx;
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1))
    throw std::invalid_argument(fmt::format("normal quantile: probability must be in (0, 1), got {}", p));
  // Acklam's coefficients.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  auto tail = [&](double q) {  // q = sqrt(-2 log(tail probability)); gives the lower tail
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  };
  double x;
  if (p < p_low) {
    x = tail(std::sqrt(-2 * std::log(p)));
  } else if (p > 1 - p_low) {
    x = -tail(std::sqrt(-2 * std::log1p(-p)));
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on Phi(x) - p takes the 1e-9 approximation to full precision. In the
  // upper tail the residual is taken on the complement so it does not cancel.
  const double e = p > 0.5 ? (1 - p) - 0.5 * std::erfc(x / std::numbers::sqrt2)
                           : 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

SobolResult sobol_indices(const Design& design, const std::vector<double>& y, const SobolOptions& options) {
  constexpr const char* what = "sobol analysis";
  if (design.kind != DesignKind::Sobol)
    throw std::invalid_argument(fmt::format("{}: needs a Saltelli ('sobol') design, got a '{}' design", what,
                                            design_kind_name(design.kind)));
  check_sizes(design, y, what);
  if (options.bootstrap < 0 || options.bootstrap == 1)
    throw std::invalid_argument(
        fmt::format("{}: bootstrap must be 0 (no intervals) or at least 2, got {}", what, options.bootstrap));
  if (!(options.conf_level > 0 && options.conf_level < 1))
    throw std::invalid_argument(fmt::format("{}: conf_level must be in (0, 1), got {}", what, options.conf_level));
  const std::size_t k = design.params.size(), size = k + 2;
  if (design.points.size() % size != 0 || design.points.empty())
    throw std::invalid_argument(fmt::format("{}: {} points is not a multiple of k + 2 = {}", what,
                                            design.points.size(), size));
  const std::size_t n = design.points.size() / size;

  SobolResult res;
  SaltelliOutputs f;
  f.ab.resize(k);
  for (std::size_t g = 0; g < n; ++g) {
    bool finite = true;
    for (std::size_t r = 0; r < size; ++r) {
      const std::size_t i = g * size + r;
      const std::string expected = r == 0 ? "A" : r == 1 ? "B" : "AB" + std::to_string(r - 1);
      if (design.role[i] != expected || design.group[i] != static_cast<int>(g))
        throw std::invalid_argument(fmt::format("{}: point {} should be {} of base sample {}, found {} of {}",
                                                what, i, expected, g, design.role[i], design.group[i]));
      finite = finite && std::isfinite(y[i]);
    }
    if (!finite) {
      ++res.base_samples_dropped;
      continue;
    }
    f.a.push_back(y[g * size]);
    f.b.push_back(y[g * size + 1]);
    for (std::size_t i = 0; i < k; ++i) f.ab[i].push_back(y[g * size + 2 + i]);
  }
  const std::size_t m = f.a.size();
  res.base_samples_used = static_cast<int>(m);
  if (m < 2)
    throw std::invalid_argument(fmt::format("{}: {} of {} base samples have a non-finite output; at least 2 "
                                            "complete ones are needed",
                                            what, res.base_samples_dropped, n));

  std::vector<std::uint32_t> all(m);
  for (std::size_t j = 0; j < m; ++j) all[j] = static_cast<std::uint32_t>(j);
  const SobolEstimate est = jansen(f, all);
  if (!(est.v > 0))
    throw std::invalid_argument(fmt::format("{}: the output does not vary over the design (variance {}); "
                                            "the indices are undefined",
                                            what, est.v));
  res.variance = est.v;

  // Bootstrap: a resample with zero variance has no indices and is left out.
  std::vector<std::vector<double>> s1s(k), sts(k);
  for (int b = 0; b < options.bootstrap; ++b) {
    const SobolEstimate e = jansen(f, resample(options.seed, kPurposeSobolBootstrap, b, m));
    if (!(e.v > 0)) continue;
    for (std::size_t i = 0; i < k; ++i) {
      s1s[i].push_back(e.s1[i]);
      sts[i].push_back(e.st[i]);
    }
  }
  const double z = normal_quantile(0.5 + options.conf_level / 2);
  for (std::size_t i = 0; i < k; ++i) {
    SobolIndex ix;
    ix.name = design.params[i].name;
    ix.s1 = est.s1[i];
    ix.st = est.st[i];
    ix.s1_conf = z * sample_sd(s1s[i]);
    ix.st_conf = z * sample_sd(sts[i]);
    res.indices.push_back(ix);
  }
  return res;
}

MorrisResult morris_indices(const Design& design, const std::vector<double>& y, std::uint64_t seed) {
  constexpr const char* what = "morris analysis";
  if (design.kind != DesignKind::Morris)
    throw std::invalid_argument(fmt::format("{}: needs a 'morris' design, got a '{}' design", what,
                                            design_kind_name(design.kind)));
  check_sizes(design, y, what);
  const int p = design.levels;
  if (p < 2) throw std::invalid_argument(fmt::format("{}: the design has {} grid levels, expected >= 2", what, p));
  const std::size_t k = design.params.size(), size = k + 1;
  if (design.points.size() % size != 0 || design.points.empty())
    throw std::invalid_argument(fmt::format("{}: {} points is not a multiple of k + 1 = {}", what,
                                            design.points.size(), size));
  const std::size_t r = design.points.size() / size;

  // Values go back to grid levels by the nearest grid value: exact for the designs made
  // by morris(), and tolerant of values written to a file and read back.
  std::vector<std::vector<double>> grid(k);
  for (std::size_t j = 0; j < k; ++j)
    for (int l = 0; l < p; ++l) grid[j].push_back(from_unit(design.params[j], double(l) / (p - 1)));
  auto level_of = [&](std::size_t j, double v) {
    int best = 0;
    for (int l = 1; l < p; ++l)
      if (std::abs(v - grid[j][l]) < std::abs(v - grid[j][best])) best = l;
    return best;
  };

  MorrisResult res;
  std::vector<std::vector<double>> ee(k);  // ee[j][t]: effect of j in used trajectory t
  for (std::size_t t = 0; t < r; ++t) {
    const std::size_t first = t * size;
    bool finite = true;
    for (std::size_t s = 0; s < size; ++s) {
      if (design.role[first + s] != std::to_string(s) || design.group[first + s] != static_cast<int>(t))
        throw std::invalid_argument(fmt::format("{}: point {} should be step {} of trajectory {}, found {} of {}",
                                                what, first + s, s, t, design.role[first + s],
                                                design.group[first + s]));
      finite = finite && std::isfinite(y[first + s]);
    }
    std::vector<double> effect(k);
    std::vector<bool> moved(k, false);
    for (std::size_t s = 1; s < size; ++s) {
      int changed = -1, count = 0, dl = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const int d = level_of(j, design.points[first + s][j]) - level_of(j, design.points[first + s - 1][j]);
        if (d != 0) {
          changed = static_cast<int>(j);
          dl = d;
          ++count;
        }
      }
      if (count != 1 || moved[changed])
        throw std::invalid_argument(fmt::format(
            "{}: step {} of trajectory {} is not a Morris step (each step changes exactly one parameter, "
            "each parameter once per trajectory)",
            what, s, t));
      moved[changed] = true;
      effect[changed] = (y[first + s] - y[first + s - 1]) / (double(dl) / (p - 1));
    }
    if (!finite) {
      ++res.trajectories_dropped;
      continue;
    }
    for (std::size_t j = 0; j < k; ++j) ee[j].push_back(effect[j]);
  }
  const std::size_t m = r - res.trajectories_dropped;
  res.trajectories_used = static_cast<int>(m);
  if (m < 2)
    throw std::invalid_argument(fmt::format("{}: {} of {} trajectories have a non-finite output; at least 2 "
                                            "complete ones are needed",
                                            what, res.trajectories_dropped, r));

  // Bootstrap of mu*: resample whole trajectories, the same resample for every parameter.
  std::vector<std::vector<double>> mu_star_b(k);
  for (int b = 0; b < kMorrisResamples; ++b) {
    const auto idx = resample(seed, kPurposeMorrisBootstrap, b, m);
    for (std::size_t j = 0; j < k; ++j) {
      double s = 0;
      for (auto t : idx) s += std::abs(ee[j][t]);
      mu_star_b[j].push_back(s / m);
    }
  }
  const double z = normal_quantile(0.5 + kMorrisConfLevel / 2);
  for (std::size_t j = 0; j < k; ++j) {
    MorrisIndex ix;
    ix.name = design.params[j].name;
    std::vector<double> abs_ee;
    for (double e : ee[j]) abs_ee.push_back(std::abs(e));
    ix.mu = mean(ee[j]);
    ix.mu_star = mean(abs_ee);
    ix.sigma = sample_sd(ee[j]);
    ix.mu_star_conf = z * sample_sd(mu_star_b[j]);
    ix.effects = static_cast<int>(m);
    res.indices.push_back(ix);
  }
  return res;
}

}  // namespace nisim::experiment
