// Flags' errors name the flag and the value as typed, counts have documented caps, and
// every error is one "error: ..." line (issue 9, defects 4 and 11).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../output/temp_dir.hpp"
#include "run_process.hpp"

namespace nisim::test_support {
namespace {

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

class FlagsCli : public ::testing::Test {
 protected:
  ProcessResult nisim(const std::vector<std::string>& args) { return run_nisim(args, dir_.path()); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  void expect_bad(const std::vector<std::string>& args, const std::vector<std::string>& parts,
                  const std::vector<std::string>& absent = {}) {
    const auto r = nisim(args);
    ASSERT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    for (const auto& p : parts) EXPECT_NE(r.err.find(p), std::string::npos) << "missing \"" << p << "\" in " << r.err;
    for (const auto& p : absent) EXPECT_EQ(r.err.find(p), std::string::npos) << "unexpected \"" << p << "\" in " << r.err;
    EXPECT_LT(r.err.size(), 1000u) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "o")) << "an output folder was left after a refusal";
  }
  TempDir dir_{"nisim_flags"};
};

TEST_F(FlagsCli, ANegativeSeedIsReportedUnderItsFlagAsTyped) {
  expect_bad({"run", kBaseline, "--seed", "-1", "--out", out("o")}, {"--seed", "found -1"}, {"18446744073709551615", "e+19"});
}

TEST_F(FlagsCli, CountsOutOfRangeNameTheirBoundsInFewDigits) {
  for (const char* runs : {"0", "-5", "1000000000"}) {
    SCOPED_TRACE(runs);
    const auto r = nisim({"ensemble", kBaseline, "--runs", runs, "--out", out("o")});
    ASSERT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("error: --runs"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 to 1000000"), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 200u) << r.err;
  }
  expect_bad({"sweep", kBaseline, "--design", "lhs", "--samples", "1000000000", "--param", "cit_rate=0:0.3", "--out",
              out("o")},
             {"--samples", "1 to 1000000"});
  expect_bad({"sweep", kBaseline, "--design", "factorial", "--levels", "0", "--param", "cit_rate=0:0.3", "--out",
              out("o")},
             {"--levels", "2 to 1000"});
  expect_bad({"sweep", kBaseline, "--design", "lhs", "--samples", "10", "--replications", "200000", "--param",
              "cit_rate=0:0.3", "--out", out("o")},
             {"--replications 200000", "2000000 runs exceed the limit of 1000000"});
  expect_bad({"sweep", kBaseline, "--design", "sobol", "--samples", "500000", "--param", "cit_rate=0:0.3", "--out",
              out("o")},
             {"--samples 500000", "1500000 points, more than the limit of 1000000"});
}

TEST_F(FlagsCli, RunsThatCannotFitInMemoryAreRefusedWithTheEstimate) {
  expect_bad({"run", kBaseline, "--scale", "2", "--until", "2100", "--out", out("o")},
             {"--scale 2 with --until 2100", "GiB of memory by the estimate"});
}

TEST_F(FlagsCli, AScaleThatEmptiesAPopulationIsRefusedNamingTheFlagAndTheParameter) {
  expect_bad({"run", kBaseline, "--scale", "1e-9", "--out", out("o")}, {"--scale 1e-09", "universities_2010"});
  expect_bad({"run", kBaseline, "--set", "institutes_2010=1", "--out", out("o")},
             {"params.institutes_2010", "leaves that population empty"});
}

TEST_F(FlagsCli, AnAreaSetOnTheCommandLineIsBlamedOnTheSetArgument) {
  const auto r = nisim({"validate", kBaseline, "--set", "shock[1].areas=nope"});
  ASSERT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("--set argument 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown technology area 'nope'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("baseline.toml"), std::string::npos) << r.err;
}

TEST_F(FlagsCli, TooManyThreadsAreCappedWithANote) {
  const auto r = nisim({"run", kBaseline, "--threads", "100000", "--until", "2010", "--progress", "none", "--out", out("o")});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("note: --threads 100000 is more than the"), std::string::npos) << r.err;
}

TEST_F(FlagsCli, ControlBytesInAnArgumentAreEscapedInTheMessage) {
  const auto r = nisim({"run", kBaseline, "--set", "params.cit\x1b[31m=1", "--out", out("o")});
  ASSERT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\\x1B[31m"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nisim::test_support
