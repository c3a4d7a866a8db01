#include <gtest/gtest.h>
#include <nisim/experiment/design.hpp>
#include <nisim/experiment/sensitivity.hpp>

#include <cmath>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace nisim::experiment {
namespace {

using Model = std::function<double(const std::vector<double>&)>;

std::vector<double> evaluate(const Design& d, const Model& f) {
  std::vector<double> y;
  for (const auto& x : d.points) y.push_back(f(x));
  return y;
}

// Ishigami and Homma (1990): a = 7, b = 0.1, x_i uniform on [-pi, pi].
constexpr double kA = 7, kB = 0.1;
const double kPi = std::numbers::pi;

double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + kA * std::sin(x[1]) * std::sin(x[1]) +
         kB * std::pow(x[2], 4) * std::sin(x[0]);
}

std::vector<ParamRange> ishigami_params() {
  return {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}};
}

struct Analytic {
  std::vector<double> s1, st;
};

Analytic ishigami_indices() {
  const double pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
  const double v1 = 0.5 * std::pow(1 + kB * pi4 / 5, 2), v2 = kA * kA / 8,
               v13 = 8 * kB * kB * pi8 / 225;
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// Sobol's g-function on [0, 1]^k: prod (|4 x_i - 2| + a_i) / (1 + a_i).
const std::vector<double> kGA = {0, 1, 4.5, 9, 99, 99, 99, 99};

double g_function(const std::vector<double>& x) {
  double y = 1;
  for (std::size_t i = 0; i < kGA.size(); ++i) y *= (std::abs(4 * x[i] - 2) + kGA[i]) / (1 + kGA[i]);
  return y;
}

std::vector<ParamRange> g_params(std::size_t extra = 0) {
  std::vector<ParamRange> ps;
  for (std::size_t i = 0; i < kGA.size() + extra; ++i) ps.push_back({"x" + std::to_string(i + 1), 0, 1});
  return ps;
}

Analytic g_indices() {
  std::vector<double> vi;
  double prod = 1;
  for (double a : kGA) {
    vi.push_back(1 / (3 * (1 + a) * (1 + a)));
    prod *= 1 + vi.back();
  }
  const double v = prod - 1;
  Analytic r;
  for (double x : vi) {
    r.s1.push_back(x / v);
    r.st.push_back(x * (prod / (1 + x)) / v);
  }
  return r;
}

template <class F>
bool throws_invalid_argument(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

TEST(SensitivityNormalQuantile, MatchesKnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.995), 2.5758293035489004, 1e-14);
  EXPECT_NEAR(normal_quantile(0.95), 1.6448536269514722, 1e-14);
  EXPECT_NEAR(normal_quantile(0.841344746068543), 1.0, 1e-12);  // Phi(1)
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167814, 1e-13);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-11);
  EXPECT_NEAR(normal_quantile(1 - 1e-10), 6.361340889697422, 1e-6);  // 1 - 1e-10 is inexact
  EXPECT_NEAR(normal_quantile(0.3) + normal_quantile(0.7), 0, 1e-15);
  EXPECT_TRUE(throws_invalid_argument([] { normal_quantile(0); }));
  EXPECT_TRUE(throws_invalid_argument([] { normal_quantile(1); }));
  EXPECT_TRUE(throws_invalid_argument([] { normal_quantile(NAN); }));
}

// With n = 8192 quasi-random base samples the estimates below land within 0.002 of the
// analytic indices; the 0.01 tolerance leaves room for other compilers' rounding and still
// catches a wrong estimator (taking f(A) instead of f(B) in S_i is off by 0.2 or more).
TEST(SobolIndices, IshigamiMatchesTheAnalyticIndices) {
  const Design d = saltelli(ishigami_params(), 8192);
  const SobolResult r = sobol_indices(d, evaluate(d, ishigami));
  const Analytic want = ishigami_indices();
  EXPECT_EQ(r.base_samples_used, 8192);
  EXPECT_EQ(r.base_samples_dropped, 0);
  const double v = kA * kA / 8 + kB * std::pow(kPi, 4) / 5 + kB * kB * std::pow(kPi, 8) / 18 + 0.5;
  EXPECT_NEAR(r.variance, v, 0.02 * v);
  ASSERT_EQ(r.indices.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& ix = r.indices[i];
    EXPECT_EQ(ix.name, "x" + std::to_string(i + 1));
    EXPECT_NEAR(ix.s1, want.s1[i], 0.01) << ix.name;
    EXPECT_NEAR(ix.st, want.st[i], 0.01) << ix.name;
    EXPECT_GT(ix.s1_conf, 0) << ix.name;
    EXPECT_GT(ix.st_conf, 0) << ix.name;
    EXPECT_LT(ix.s1_conf, 0.05) << ix.name;
    EXPECT_LT(ix.st_conf, 0.05) << ix.name;
    // A quasi-random design is more accurate than the bootstrap (which treats it as
    // random) says, so the analytic value is well inside two half-widths.
    EXPECT_LE(std::abs(ix.s1 - want.s1[i]), 2 * ix.s1_conf) << ix.name;
    EXPECT_LE(std::abs(ix.st - want.st[i]), 2 * ix.st_conf) << ix.name;
  }
}

TEST(SobolIndices, GFunctionMatchesTheAnalyticIndices) {
  const Design d = saltelli(g_params(), 8192);
  const SobolResult r = sobol_indices(d, evaluate(d, g_function), {200, 0.95, 1});
  const Analytic want = g_indices();
  ASSERT_EQ(r.indices.size(), kGA.size());
  for (std::size_t i = 0; i < kGA.size(); ++i) {
    const auto& ix = r.indices[i];
    EXPECT_NEAR(ix.s1, want.s1[i], 0.01) << ix.name;
    EXPECT_NEAR(ix.st, want.st[i], 0.01) << ix.name;
    EXPECT_LE(std::abs(ix.st - want.st[i]), 2 * ix.st_conf + 1e-4) << ix.name;
  }
}

TEST(SobolIndices, BootstrapIsReproducibleAndScalesWithTheLevel) {
  const Design d = saltelli(ishigami_params(), 256);
  const auto y = evaluate(d, ishigami);
  const SobolResult a = sobol_indices(d, y, {100, 0.95, 9}), b = sobol_indices(d, y, {100, 0.95, 9});
  const SobolResult c = sobol_indices(d, y, {100, 0.95, 10}), wide = sobol_indices(d, y, {100, 0.99, 9});
  const SobolResult none = sobol_indices(d, y, {0, 0.95, 9});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.indices[i].s1_conf, b.indices[i].s1_conf);
    EXPECT_NE(a.indices[i].s1_conf, c.indices[i].s1_conf);
    EXPECT_EQ(a.indices[i].s1, c.indices[i].s1);  // the point estimate does not resample
    EXPECT_NEAR(wide.indices[i].st_conf / a.indices[i].st_conf, 2.5758293035489004 / 1.959963984540054,
                1e-12);
    EXPECT_EQ(none.indices[i].st_conf, 0);
  }
}

TEST(SobolIndices, AFailedRunDropsItsWholeGroup) {
  const Design d = saltelli(ishigami_params(), 4096);
  auto y = evaluate(d, ishigami);
  const SobolResult full = sobol_indices(d, y, {50, 0.95, 1});
  y[17 * 5 + 3] = NAN;  // AB2 of base sample 17
  y[40 * 5 + 0] = INFINITY;
  const SobolResult r = sobol_indices(d, y, {50, 0.95, 1});
  EXPECT_EQ(r.base_samples_dropped, 2);
  EXPECT_EQ(r.base_samples_used, 4094);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::isfinite(r.indices[i].s1) && std::isfinite(r.indices[i].st));
    EXPECT_NEAR(r.indices[i].s1, full.indices[i].s1, 0.005);
    EXPECT_NEAR(r.indices[i].st, full.indices[i].st, 0.005);
  }
}

TEST(SobolIndices, RejectsWhatIsNotASaltelliDesignOrHasNoVariance) {
  const Design d = saltelli(ishigami_params(), 8);
  const auto y = evaluate(d, ishigami);
  EXPECT_NO_THROW(sobol_indices(d, y, {10, 0.95, 1}));
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(latin_hypercube(ishigami_params(), 40, 1), y); }));
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(d, std::vector<double>(y.begin(), y.end() - 1)); }));
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(d, std::vector<double>(y.size(), 3.0)); }));
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(d, y, {1, 0.95, 1}); }));
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(d, y, {10, 1.0, 1}); }));
  auto mostly_failed = y;
  for (std::size_t g = 1; g < 8; ++g) mostly_failed[g * 5] = NAN;
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(d, mostly_failed); }));
  Design shuffled = d;
  std::swap(shuffled.role[0], shuffled.role[1]);
  EXPECT_TRUE(throws_invalid_argument([&] { sobol_indices(shuffled, y); }));
}

TEST(MorrisIndices, LinearFunctionGivesItsSlopeTimesTheRange) {
  const std::vector<ParamRange> ps = {{"a", -1, 3}, {"b", 10, 20}, {"c", 0, 0.5}};
  const double coef[] = {2, -0.5, 10};
  const Design d = morris(ps, 20, 4, 5);
  const auto y = evaluate(d, [&](const std::vector<double>& x) {
    return coef[0] * x[0] + coef[1] * x[1] + coef[2] * x[2];
  });
  const MorrisResult r = morris_indices(d, y);
  EXPECT_EQ(r.trajectories_used, 20);
  EXPECT_EQ(r.trajectories_dropped, 0);
  for (int i = 0; i < 3; ++i) {
    const auto& ix = r.indices[i];
    const double effect = coef[i] * (ps[i].hi - ps[i].lo);
    EXPECT_NEAR(ix.mu, effect, 1e-12 * std::abs(effect) + 1e-12) << ix.name;
    EXPECT_NEAR(ix.mu_star, std::abs(effect), 1e-12 * std::abs(effect) + 1e-12) << ix.name;
    EXPECT_NEAR(ix.sigma, 0, 1e-12) << ix.name;
    EXPECT_NEAR(ix.mu_star_conf, 0, 1e-12) << ix.name;
    EXPECT_EQ(ix.effects, 20);
  }
}

TEST(MorrisIndices, GFunctionRanksParametersLikeTheTotalIndices) {
  // One extra parameter the function ignores.
  const Design d = morris(g_params(1), 40, 4, 3);
  const MorrisResult r = morris_indices(d, evaluate(d, g_function));
  ASSERT_EQ(r.indices.size(), kGA.size() + 1);
  const auto& ix = r.indices;
  // a = 0 > a = 1 > a = 4.5 > a = 99, as the analytic S_T.
  EXPECT_GT(ix[0].mu_star, ix[1].mu_star + ix[0].mu_star_conf + ix[1].mu_star_conf);
  EXPECT_GT(ix[1].mu_star, ix[2].mu_star + ix[1].mu_star_conf + ix[2].mu_star_conf);
  EXPECT_GT(ix[2].mu_star, ix[4].mu_star + ix[2].mu_star_conf + ix[4].mu_star_conf);
  for (int i = 0; i < 8; ++i) {
    EXPECT_GT(ix[i].mu_star, 0);
    EXPECT_GT(ix[i].sigma, 0) << "the g-function is not additive";
    EXPECT_GE(ix[i].mu_star, std::abs(ix[i].mu) - 1e-12);
  }
  EXPECT_EQ(ix[8].mu_star, 0);
  EXPECT_EQ(ix[8].mu, 0);
  EXPECT_EQ(ix[8].sigma, 0);
  EXPECT_EQ(ix[8].mu_star_conf, 0);
}

TEST(MorrisIndices, AFailedRunDropsItsTrajectory) {
  const Design d = morris(g_params(), 40, 4, 3);
  auto y = evaluate(d, g_function);
  const MorrisResult full = morris_indices(d, y);
  y[7 * 9 + 4] = NAN;  // step 4 of trajectory 7
  const MorrisResult r = morris_indices(d, y);
  EXPECT_EQ(r.trajectories_dropped, 1);
  EXPECT_EQ(r.trajectories_used, 39);
  for (std::size_t i = 0; i < kGA.size(); ++i) {
    EXPECT_EQ(r.indices[i].effects, 39);
    EXPECT_TRUE(std::isfinite(r.indices[i].mu_star));
    EXPECT_NEAR(r.indices[i].mu_star, full.indices[i].mu_star, 0.1 * full.indices[i].mu_star);
  }
}

TEST(MorrisIndices, RejectsWhatIsNotAMorrisDesign) {
  const std::vector<ParamRange> ps = {{"a", 0, 1}, {"b", 0, 1}};
  const Design d = morris(ps, 4, 4, 1);
  const auto y = evaluate(d, [](const std::vector<double>& x) { return x[0] + x[1]; });
  EXPECT_NO_THROW(morris_indices(d, y));
  EXPECT_TRUE(throws_invalid_argument([&] { morris_indices(saltelli(ps, 4), y); }));
  EXPECT_TRUE(throws_invalid_argument([&] { morris_indices(d, std::vector<double>(y.size() + 1, 0.0)); }));
  auto failed = y;
  for (int t = 0; t < 3; ++t) failed[t * 3] = NAN;
  EXPECT_TRUE(throws_invalid_argument([&] { morris_indices(d, failed); }));
  Design two_at_once = d;
  two_at_once.points[1] = {1 - d.points[0][0], 1 - d.points[0][1]};  // both change
  EXPECT_TRUE(throws_invalid_argument([&] { morris_indices(two_at_once, y); }));
  Design no_levels = d;
  no_levels.levels = 0;
  EXPECT_TRUE(throws_invalid_argument([&] { morris_indices(no_levels, y); }));
}

}  // namespace
}  // namespace nisim::experiment
