// `nisim compare` of experiment folders as a user runs it: real ensembles, real stores,
// and the numbers of differences.csv recomputed from the two folders' indicators.csv.
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <boost/math/distributions/students_t.hpp>

#include "experiment_fixture.hpp"

namespace nisim::test_support {
namespace {

std::vector<std::string> ensemble_args(const std::string& out, int runs, const std::string& seed) {
  return {"ensemble", kBaselineToml, "--runs", std::to_string(runs), "--until", "2012", "--seed", seed,
          "--out", out, "--progress", "none"};
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// (indicator, year) -> seed -> value, from an experiment's indicators.csv.
std::map<std::pair<std::string, int>, std::map<std::uint64_t, double>> by_seed(const engine::CsvTable& t) {
  std::map<std::pair<std::string, int>, std::map<std::uint64_t, double>> m;
  for (std::size_t r = 0; r < t.rows(); ++r)
    m[{t.at(r, "indicator"), static_cast<int>(t.number(r, "year"))}][std::stoull(t.at(r, "seed"))] =
        t.number(r, "value");
  return m;
}

using CompareCli = ExperimentCliTest;

TEST_F(CompareCli, EnsemblesArePairedBySeedAndEveryRowMatchesTheirIndicators) {
  ASSERT_EQ(nisim(ensemble_args(path("a").string(), 3, "5")).exit_code, 0);
  ASSERT_EQ(nisim(plus(ensemble_args(path("b").string(), 3, "5"), {"--set", "params.project_funding_share=0.5"}))
                .exit_code,
            0);
  const auto r = nisim({"compare", path("a").string(), path("b").string(), "--out", path("c").string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("3 paired runs (same seed)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("95% interval"), std::string::npos) << r.out;

  const auto a = by_seed(csv(path("a") / "indicators.csv"));
  const auto b = by_seed(csv(path("b") / "indicators.csv"));
  const auto d = csv(path("c") / "differences.csv");
  EXPECT_EQ(d.header(), (std::vector<std::string>{"indicator", "year", "reference", "other", "n", "reference_mean",
                                                  "other_mean", "difference", "se", "ci95_low", "ci95_high",
                                                  "relative_difference"}));
  ASSERT_EQ(d.rows(), a.size()) << "one row per indicator and year";
  const double t = boost::math::quantile(boost::math::complement(boost::math::students_t(2.0), 0.025));
  std::size_t nonzero = 0;
  for (std::size_t i = 0; i < d.rows(); ++i) {
    const std::pair<std::string, int> key{d.at(i, "indicator"), static_cast<int>(d.number(i, "year"))};
    const auto& va = a.at(key);
    const auto& vb = b.at(key);
    ASSERT_EQ(va.size(), 3u);
    std::vector<double> diffs;
    double ma = 0, mb = 0;
    for (const auto& [seed, x] : va) {
      ASSERT_TRUE(vb.count(seed)) << "the two ensembles share their seeds";
      diffs.push_back(vb.at(seed) - x);
      ma += x / 3;
      mb += vb.at(seed) / 3;
    }
    const double md = (diffs[0] + diffs[1] + diffs[2]) / 3;
    double ss = 0;
    for (double x : diffs) ss += (x - md) * (x - md);
    const double se = std::sqrt(ss / 2) / std::sqrt(3.0);
    const double tol = 1e-9 * (1 + std::abs(ma) + std::abs(mb));
    EXPECT_EQ(d.number(i, "n"), 3);
    EXPECT_NEAR(d.number(i, "reference_mean"), ma, tol) << key.first << " " << key.second;
    EXPECT_NEAR(d.number(i, "other_mean"), mb, tol) << key.first;
    EXPECT_NEAR(d.number(i, "difference"), md, tol) << key.first;
    EXPECT_NEAR(d.number(i, "se"), se, tol) << key.first;
    EXPECT_NEAR(d.number(i, "ci95_low"), md - t * se, tol + 1e-9 * t * se) << key.first;
    EXPECT_NEAR(d.number(i, "ci95_high"), md + t * se, tol + 1e-9 * t * se) << key.first;
    if (md != 0) ++nonzero;
  }
  EXPECT_GT(nonzero, 10u) << "the parameter change shows";
  const auto m = json(path("c") / "manifest.json");
  EXPECT_EQ(m["pairing"][0]["pairs"], 3);
}

TEST_F(CompareCli, AnEnsembleComparedWithItselfDiffersByZero) {
  ASSERT_EQ(nisim(ensemble_args(path("a").string(), 2, "5")).exit_code, 0);
  fs::copy(path("a"), path("b"), fs::copy_options::recursive);
  const auto r = nisim({"compare", path("a").string(), path("b").string(), "--out", path("c").string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto d = csv(path("c") / "differences.csv");
  ASSERT_GT(d.rows(), 0u);
  for (std::size_t i = 0; i < d.rows(); ++i) {
    EXPECT_EQ(d.number(i, "difference"), 0);
    EXPECT_EQ(d.number(i, "se"), 0);
  }
}

TEST_F(CompareCli, ASweepFolderIsRefusedWithWhatToDoInstead) {
  ASSERT_EQ(nisim(ensemble_args(path("a").string(), 2, "5")).exit_code, 0);
  const auto s = nisim({"sweep", kBaselineToml, "--design", "lhs", "--samples", "2", "--param",
                        "project_funding_share=0.4:0.9", "--until", "2011", "--seed", "5", "--out",
                        path("s").string(), "--progress", "none"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  const auto r = nisim({"compare", path("a").string(), path("s").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("is a sweep of 2 design points: compare needs replications of one scenario"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nisim ensemble"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("c")));
}

TEST_F(CompareCli, ARunFolderAndAnExperimentFolderAreNotMixed) {
  ASSERT_EQ(nisim(ensemble_args(path("a").string(), 2, "5")).exit_code, 0);
  ASSERT_EQ(nisim({"run", kBaselineToml, "--until", "2011", "--out", path("r").string(), "--progress", "none"})
                .exit_code,
            0);
  const auto r = nisim({"compare", path("r").string(), path("a").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("cannot compare the run folder " + path("r").string() + " with the experiment folder " +
                       path("a").string()),
            std::string::npos)
      << r.err;
}

TEST_F(CompareCli, EnsemblesOfDifferentSeedsAreRefused) {
  ASSERT_EQ(nisim(ensemble_args(path("a").string(), 2, "5")).exit_code, 0);
  ASSERT_EQ(nisim(ensemble_args(path("b").string(), 2, "6")).exit_code, 0);
  const auto r = nisim({"compare", path("a").string(), path("b").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("have no run seed in common"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("same --seed"), std::string::npos) << r.err;
}

TEST_F(CompareCli, RunFoldersKeepTheirTable) {
  for (const char* seed : {"1", "2"})
    ASSERT_EQ(nisim({"run", kBaselineToml, "--until", "2011", "--seed", seed, "--out", path(seed).string(),
                     "--progress", "none"})
                  .exit_code,
              0);
  const auto r = nisim({"compare", path("1").string(), path("2").string(), "--out", path("c").string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto d = csv(path("c") / "differences.csv");
  EXPECT_EQ(d.header(), (std::vector<std::string>{"indicator", "year", "reference", "other", "reference_value",
                                                  "other_value", "difference", "relative_difference"}));
  EXPECT_EQ(d.rows(), csv(path("1") / "indicators.csv").rows()) << "every indicator and year of both runs";
  EXPECT_NE(r.out.find("baseline (seed 2) vs baseline (seed 1) — largest differences in 2011:"), std::string::npos)
      << r.out;
}

TEST_F(CompareCli, HelpDocumentsBothTables) {
  const auto r = nisim({"compare", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* s : {"reference_value", "relative_difference", "paired by seed", "ci95_low", "Student t",
                        "sweep of several design points"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

}  // namespace
}  // namespace nisim::test_support
