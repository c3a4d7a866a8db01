// Shared harness of the direction-of-effect tests: small ensembles (8+ seeds, scale 0.01)
// with and without an instrument, compared with a paired t-test (each seed runs both
// arms, so the comparison uses common random numbers).
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include <nisim/engine/parallel.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::test_support {

/// Set in the environment by scripts/sanitize.sh. Under AddressSanitizer and UBSan a run
/// is about 15 times slower, and these ensembles (8 to 48 seeds each) would take most of
/// CI's time: there every ensemble runs kSanitizerSeeds seed, which exercises the same
/// code (what the sanitizers check), and the paired t-tests, which need the full
/// ensembles, are left to the Release suite. Exact comparisons (expect_identical) are
/// checked in both.
inline bool sanitizer_run() { return std::getenv("NISIM_SANITIZER_RUN") != nullptr; }

/// Seeds per ensemble under sanitizer_run(): one run of each arm covers the code; a second
/// seed doubled the sanitizer stage's share of CI's 90 minutes and checked nothing more.
inline constexpr int kSanitizerSeeds = 1;

/// What to read from each run: the value of `indicator` summed over [from, to].
struct Measure {
  std::string indicator;
  int from = 2020;
  int to = 2020;
};

/// Runs the baseline plus `extra_toml` (appended [[policy]]/[[shock]] blocks or a
/// [params] table) at scale 0.01 until `until` for seeds 1..n and returns the measure of
/// each run. `extra_toml` may be empty (the reference arm).
inline std::vector<double> ensemble(const std::string& extra_toml, const Measure& m, int until, int n = 8,
                                    const std::vector<std::string>& overrides = {}) {
  const std::string text = "extends = \"" + std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml\"\n" + extra_toml;
  const auto sc = scenario::load_scenario_text(text, "direction-test.toml", overrides);
  std::vector<double> out;
  engine::ThreadScope threads(2);
  if (sanitizer_run()) n = std::min(n, kSanitizerSeeds);
  for (int seed = 1; seed <= n; ++seed) {
    model::Simulation sim(sc, model::RunPlan{std::uint64_t(seed), 0.01, 2010, until});
    policy::attach_policies(sc, sim);
    sim.run();
    double v = 0;
    bool found = false;
    for (const auto& r : sim.indicators())
      if (r.indicator == m.indicator && r.year >= m.from && r.year <= m.to) {
        v += r.value;
        found = true;
      }
    EXPECT_TRUE(found) << "indicator " << m.indicator << " missing";
    out.push_back(v);
  }
  return out;
}

/// Paired t statistic of treated - reference (same seeds).
inline double paired_t(const std::vector<double>& treated, const std::vector<double>& reference) {
  const std::size_t n = treated.size();
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = treated[i] - reference[i];
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / double(n);
  double ss = 0;
  for (double x : d) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  if (sd == 0) return mean == 0 ? 0 : std::copysign(INFINITY, mean);
  return mean / (sd / std::sqrt(double(n)));
}

inline double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

/// One-sided test at 1%: t(7) > 3.0 for 8 seeds.
/// Under sanitizer_run() only finite values are required (one seed carries no statistics).
inline bool only_finite(const std::vector<double>& treated, const std::vector<double>& reference) {
  if (!sanitizer_run()) return false;
  for (const auto* v : {&treated, &reference})
    for (double x : *v) EXPECT_TRUE(std::isfinite(x));
  return true;
}

inline void expect_increase(const std::vector<double>& treated, const std::vector<double>& reference,
                            const std::string& what) {
  if (only_finite(treated, reference)) return;
  const double t = paired_t(treated, reference);
  EXPECT_GT(t, 3.0) << what << ": expected an increase; mean " << mean(treated) << " vs " << mean(reference)
                    << ", paired t = " << t;
  std::cout << "[direction] " << what << ": " << mean(reference) << " -> " << mean(treated) << " (paired t = " << t
            << ")\n";
}

inline void expect_decrease(const std::vector<double>& treated, const std::vector<double>& reference,
                            const std::string& what) {
  if (only_finite(treated, reference)) return;
  const double t = paired_t(treated, reference);
  EXPECT_LT(t, -3.0) << what << ": expected a decrease; mean " << mean(treated) << " vs " << mean(reference)
                     << ", paired t = " << t;
  std::cout << "[direction] " << what << ": " << mean(reference) << " -> " << mean(treated) << " (paired t = " << t
            << ")\n";
}

/// Switching an instrument on at zero size must change nothing at all (bit-identical).
inline void expect_identical(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << what << ", seed " << i + 1;
}

}  // namespace nisim::test_support
