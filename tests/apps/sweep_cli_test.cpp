// `nisim sweep` and `nisim sensitivity` on the real model, as a user runs them.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "experiment_fixture.hpp"

namespace nisim::test_support {
namespace {

using SweepCli = ExperimentCliTest;

// gov_research_gdp_share_2010 sets the government's research money from the first year;
// super_deduction_2021 only acts from 2021, so until 2013 it changes nothing at all.
const std::string kMatters = "gov_research_gdp_share_2010=0.003:0.006";
const std::string kInert = "super_deduction_2021=0.5:2";

std::vector<std::string> sweep_args(const std::string& out, const std::string& design,
                                    const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"sweep", kBaselineToml, "--design", design, "--until", "2013", "--out", out,
                                "--progress", "none"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::map<std::string, std::map<std::string, double>> table(const engine::CsvTable& t) {
  std::map<std::string, std::map<std::string, double>> out;
  for (std::size_t r = 0; r < t.rows(); ++r)
    for (const auto& h : t.header())
      if (h != "parameter") out[t.at(r, "parameter")][h] = t.number(r, h);
  return out;
}

TEST_F(SweepCli, SobolIndicesSeparateAParameterThatMattersFromOneThatCannot) {
  const auto r = nisim(sweep_args(path("s").string(), "sobol",
                                  {"--samples", "8", "--replications", "2", "--param", kMatters, "--param", kInert}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto design = csv(path("s") / "design.csv");
  EXPECT_EQ(design.rows(), 8u * (2 + 2));  // N (k + 2)
  EXPECT_EQ(csv(path("s") / "runs.csv").rows(), 8u * 4 * 2);
  const auto sa = nisim({"sensitivity", path("s").string(), "--method", "sobol", "--indicator", "gerd_cny_bn",
                         "--year", "2013"});
  ASSERT_EQ(sa.exit_code, 0) << sa.describe();
  const auto t = table(csv(path("s") / "sensitivity-sobol-gerd_cny_bn-2013.csv"));
  const auto& m = t.at("gov_research_gdp_share_2010");
  const auto& z = t.at("super_deduction_2021");
  // Switching the inert parameter changes no output bit (common seeds), so its total
  // index is exactly 0, and all of the variance is the other parameter's.
  EXPECT_EQ(z.at("ST"), 0.0);
  EXPECT_EQ(z.at("ST_conf"), 0.0);
  EXPECT_NEAR(m.at("S1"), 1.0, 1e-12);
  EXPECT_GT(m.at("ST"), 0.7);
  EXPECT_GT(m.at("ST_conf"), 0.0);
  EXPECT_NE(sa.out.find("gov_research_gdp_share_2010"), std::string::npos) << sa.out;
}

TEST_F(SweepCli, MorrisEffectsArePerRangeAndZeroForAnInertParameter) {
  const auto r = nisim(sweep_args(path("m").string(), "morris", {"--samples", "4", "--param", kMatters, "--param", kInert}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(csv(path("m") / "design.csv").rows(), 4u * 3);  // r (k + 1)
  const auto out = path("morris.csv").string();
  const auto sa = nisim({"sensitivity", path("m").string(), "--method", "morris", "--indicator", "gerd_cny_bn",
                         "--year", "2013", "--out", out});
  ASSERT_EQ(sa.exit_code, 0) << sa.describe();
  const auto t = table(csv(out));
  EXPECT_EQ(t.at("super_deduction_2021").at("mu_star"), 0.0);
  EXPECT_EQ(t.at("super_deduction_2021").at("sigma"), 0.0);
  // More government research money, more GERD: every effect is positive.
  EXPECT_GT(t.at("gov_research_gdp_share_2010").at("mu"), 0.0);
  EXPECT_EQ(t.at("gov_research_gdp_share_2010").at("mu"), t.at("gov_research_gdp_share_2010").at("mu_star"));
}

TEST_F(SweepCli, AFailingDesignPointIsRecordedAndTheExitCodeSaysSo) {
  // basic_frac_university 0.6 + applied_frac_university 0.55 > 1: the model refuses it.
  const auto r = nisim(sweep_args(path("f").string(), "factorial",
                                  {"--levels", "3", "--param", "basic_frac_university=0.2:0.6"}));
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_NE(r.out.find("3 runs, 2 ok, 1 failed"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("run 0003 failed"), std::string::npos) << r.err;
  const auto runs = csv(path("f") / "runs.csv");
  ASSERT_EQ(runs.rows(), 3u);
  EXPECT_EQ(runs.at(0, "status"), "ok");
  EXPECT_EQ(runs.at(1, "status"), "ok");
  EXPECT_EQ(runs.at(2, "status"), "failed");
  EXPECT_EQ(runs.number(2, "basic_frac_university"), 0.6);
  EXPECT_NE(runs.at(2, "error").find("basic_frac_university"), std::string::npos);
  EXPECT_EQ(json(path("f") / "manifest.json")["status"], "failed-runs");
}

TEST_F(SweepCli, MpirunSweepWithAFailingPointEqualsTheSerialSweep) {
  const std::vector<std::string> extra = {"--levels", "3", "--replications", "2", "--param",
                                          "basic_frac_university=0.2:0.6", "--param", kMatters};
  const auto argv = mpirun_argv(sweep_args(path("mpi").string(), "factorial", extra));
  if (argv.empty()) GTEST_SKIP() << "built without MPI";
  const auto serial = nisim(sweep_args(path("serial").string(), "factorial", extra));
  ASSERT_EQ(serial.exit_code, 3) << serial.describe();
  const auto r = run_process(argv, path("proc"), std::chrono::seconds(180));
  EXPECT_EQ(r.exit_code, 3) << r.describe();  // 3 of 9 points (6 runs) fail, on either process
  EXPECT_NE(r.out.find("18 runs, 12 ok, 6 failed"), std::string::npos) << r.describe();
  expect_same_results(path("mpi"), path("serial"));
  EXPECT_EQ(read_file(path("mpi") / "design.csv"), read_file(path("serial") / "design.csv"));
}

TEST_F(SweepCli, LatinHypercubeIsStratifiedAndADesignFileRunsTheSameRuns) {
  const auto r = nisim(sweep_args(path("lhs").string(), "lhs",
                                  {"--samples", "5", "--param", kMatters, "--param", "project_funding_share=0.5:0.9"}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto d = csv(path("lhs") / "design.csv");
  ASSERT_EQ(d.rows(), 5u);
  std::set<int> strata;
  for (std::size_t i = 0; i < 5; ++i) {
    const double v = d.number(i, "project_funding_share");
    EXPECT_GE(v, 0.5);
    EXPECT_LE(v, 0.9);
    strata.insert(std::min(4, static_cast<int>((v - 0.5) / 0.4 * 5)));
  }
  EXPECT_EQ(strata.size(), 5u);
  // The same points given as a file.
  const auto f = nisim({"sweep", kBaselineToml, "--design", "file", "--from", (path("lhs") / "design.csv").string(),
                        "--until", "2013", "--out", path("file").string(), "--progress", "none"});
  ASSERT_EQ(f.exit_code, 0) << f.describe();
  for (const char* name : {"indicators.csv", "summary.csv", "design.csv", "runs.csv"})
    EXPECT_EQ(read_file(path("file") / name), read_file(path("lhs") / name)) << name;
}

TEST_F(SweepCli, BadDesignsAndParametersAreRefusedBeforeAnythingIsWritten) {
  write_file(path("bad_design.csv"), "project_funding_share,gov_to_firms\n0.5,0.1\n0.6,7\n");
  write_file(path("unknown.csv"), "no_such_key\n1\n");
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> message;
  };
  const std::vector<Case> cases = {
      {sweep_args(path("x").string(), "lhs", {"--samples", "4", "--param", "no_such_param=0:1"}),
       {"--param no_such_param=0:1", "no_such_param"}},
      {sweep_args(path("x").string(), "lhs", {"--samples", "4", "--param", "project_funding_share=0.5:1.5"}),
       {"--param project_funding_share=0.5:1.5", "project_funding_share"}},
      {sweep_args(path("x").string(), "lhs", {"--samples", "4", "--param", "project_funding_share=0.9:0.5"}),
       {"LO must be below HI"}},
      {sweep_args(path("x").string(), "sobol", {"--param", kMatters}), {"--samples"}},
      {sweep_args(path("x").string(), "lhs", {"--samples", "4", "--param", "run.seed=1:100"}),
       {"'run.seed' cannot be swept", "--replications"}},
      {sweep_args(path("x").string(), "lhs", {"--samples", "4", "--param", kMatters, "--param", kMatters}),
       {"given twice"}},
      {sweep_args(path("x").string(), "grid", {"--param", kMatters}), {"--design", "factorial"}},
      {sweep_args(path("x").string(), "lhs", {"--samples", "4"}), {"--param"}},
      {sweep_args(path("x").string(), "file", {}), {"--from"}},
      {sweep_args(path("x").string(), "file", {"--from", path("bad_design.csv").string()}),
       {"bad_design.csv:3", "gov_to_firms"}},
      {sweep_args(path("x").string(), "file", {"--from", path("unknown.csv").string()}), {"unknown.csv:2", "no_such_key"}},
      {sweep_args(path("x").string(), "file", {"--from", path("absent.csv").string()}), {"absent.csv"}},
  };
  for (const auto& c : cases) {
    const auto r = nisim(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    for (const auto& m : c.message) EXPECT_NE(r.err.find(m), std::string::npos) << "missing '" << m << "'\n" << r.describe();
    EXPECT_FALSE(fs::exists(path("x"))) << r.describe();
  }
  // Sensitivity of something that is not a suitable sweep.
  ASSERT_EQ(nisim({"ensemble", kBaselineToml, "--runs", "2", "--until", "2011", "--out", path("e").string(),
                   "--progress", "none"}).exit_code, 0);
  const auto s = nisim({"sensitivity", path("e").string(), "--method", "sobol", "--indicator", "gerd_cny_bn", "--year", "2011"});
  EXPECT_EQ(s.exit_code, 2) << s.describe();
  EXPECT_NE(s.err.find("--design sobol"), std::string::npos) << s.err;
  const auto none = nisim({"sensitivity", path("nowhere").string(), "--method", "sobol", "--indicator", "x", "--year", "2011"});
  EXPECT_EQ(none.exit_code, 2) << none.describe();
}

}  // namespace
}  // namespace nisim::test_support
