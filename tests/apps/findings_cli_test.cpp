// `nisim findings`: the validation experiments from the command line (list, bad input,
// a small real run writing the report).
#include <gtest/gtest.h>

#include <string>

#include "run_process.hpp"

namespace nisim::test_support {
namespace {

const std::string kScenarios = std::string(NISIM_SOURCE_DIR) + "/scenarios";

TEST(FindingsCli, ListsTheSixFindings) {
  TempDir tmp("nisim_findings");
  const auto r = run_nisim({"findings", "--list"}, tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* id : {"consortia_gaps", "mission_shift", "decoupling_highly_cited", "emulation_vs_novel",
                         "stable_funding", "full_decoupling"})
    EXPECT_NE(r.out.find(std::string(id) + ": "), std::string::npos) << id << "\n" << r.describe();
}

TEST(FindingsCli, UnknownIdIsABadInputNamingTheFindings) {
  TempDir tmp("nisim_findings");
  const auto r = run_nisim({"findings", "--id", "nope"}, tmp.path());
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("--id"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("stable_funding"), std::string::npos) << r.describe();
}

TEST(FindingsCli, RefusesToReplaceAReportWithoutForceBeforeRunning) {
  TempDir tmp("nisim_findings");
  const auto md = tmp.path() / "validation.md";
  write_file(md, "keep me\n");
  const auto r = run_nisim({"findings", "--id", "full_decoupling", "--scenarios", kScenarios, "--markdown", md.string()},
                           tmp.path() / "capture", std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.describe();
  EXPECT_EQ(read_file(md), "keep me\n");
}

TEST(FindingsCli, AMissingScenarioFolderIsABadInputNamingTheFile) {
  TempDir tmp("nisim_findings");
  const auto r = run_nisim({"findings", "--id", "consortia_gaps", "--seeds", "2", "--points", "2", "--scenarios",
                            (tmp.path() / "none").string()},
                           tmp.path());
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("baseline.toml"), std::string::npos) << r.describe();
}

TEST(FindingsCli, ASmallRunWritesTheReport) {
  TempDir tmp("nisim_findings");
  const auto md = tmp.path() / "validation.md";
  const auto r = run_nisim({"findings", "--id", "consortia_gaps", "--seeds", "2", "--points", "2", "--point-seeds", "1",
                            "--scenarios", kScenarios, "--markdown", md.string()},
                           tmp.path() / "capture", std::chrono::seconds(600));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string text = read_file(md);
  EXPECT_NE(text.find("## consortia_gaps:"), std::string::npos) << text;
  EXPECT_NE(text.find("the consortium raises gap-2 conversion relatively more than gap-1 conversion"), std::string::npos);
  EXPECT_NE(text.find("`params.distance_decay` | 1.5-3.5"), std::string::npos) << text;
  EXPECT_NE(r.out.find("consortia_gaps: the consortium raises the area's capability:"), std::string::npos) << r.describe();
  EXPECT_EQ(list_dir(tmp.path()), (std::vector<std::string>{"capture", "validation.md"})) << "no temporary file is left";
}

}  // namespace
}  // namespace nisim::test_support
