// The nisim program as a user sees it: the real binary is started for every test, its
// stdout, stderr and exit status are captured separately, and its output folder is read
// back with the same tools a user would use (CSV reader, sqlite3, a JSON parser).
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/engine/csv.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/policy/catalog.hpp>
#include <nisim/version.hpp>

#include "run_process.hpp"

namespace nisim {
namespace {

namespace fs = std::filesystem;
using test_support::list_dir;
using test_support::ProcessResult;
using test_support::read_file;
using test_support::TempDir;

const std::string kBaseline = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";
const std::vector<std::string> kRunFiles = {"indicators.csv", "manifest.json", "results.sqlite",
                                            "scenario.resolved.toml"};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void expect_contains(const std::string& text, const std::vector<std::string>& parts,
                     const std::string& context) {
  for (const auto& p : parts)
    EXPECT_NE(text.find(p), std::string::npos) << "missing \"" << p << "\" in:\n" << text << "\n" << context;
}

// Every test gets a fresh folder: in/ for scenario files written by the test, outs/ as
// the parent of output folders (so stray siblings are visible), proc/ for the captured
// streams.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(in());
    fs::create_directories(outs());
  }

  fs::path in() const { return tmp_ / "in"; }
  fs::path outs() const { return tmp_ / "outs"; }

  ProcessResult nisim(const std::vector<std::string>& args) {
    return test_support::run_nisim(args, tmp_ / "proc");
  }

  fs::path write(const std::string& name, std::string text) {
    if (!text.empty() && text[0] == '\n') text.erase(0, 1);
    fs::path p = in() / name;
    test_support::write_file(p, text);
    return p;
  }

  // "<full path>:<line>:" as it starts a scenario error message.
  std::string at(const fs::path& file, int line) const { return file.string() + ":" + std::to_string(line) + ":"; }

  // A run of the baseline into outs()/name that must succeed; returns the folder.
  fs::path run_ok(const std::string& name, std::vector<std::string> extra) {
    return run_ok_to(outs() / name, std::move(extra));
  }

  // A run of the baseline into `out` that must succeed; returns the folder.
  fs::path run_ok_to(const fs::path& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {"run", kBaseline, "--scale", "0.01", "--out", out.string(),
                                     "--progress", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult r = nisim(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(fs::is_regular_file(out / "indicators.csv")) << r.describe();
    return out;
  }

  // Bad input: exit 2, the message on stderr (every part of `parts`), nothing on stdout,
  // and nothing created under outs() (neither the output folder nor a staging folder).
  void expect_bad_input(const std::vector<std::string>& args, const std::vector<std::string>& parts) {
    const ProcessResult r = nisim(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_FALSE(r.err.empty()) << r.describe();
    EXPECT_EQ(r.err.find("internal failure"), std::string::npos) << r.describe();
    EXPECT_EQ(r.out, "") << r.describe();
    expect_contains(r.err, parts, r.describe());
    EXPECT_EQ(list_dir(outs()), std::vector<std::string>{}) << r.describe();
  }

  // `run FILE --out outs()/run` with the usual fast flags plus `extra`.
  std::vector<std::string> run_args(const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", file, "--until", "2012", "--out", (outs() / "run").string(),
                                     "--progress", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  TempDir tmp_{"nisim_cli"};
};

// The `value` column of an indicators.csv, row by row.
std::vector<double> values_of(const fs::path& csv) {
  const auto t = engine::CsvTable::parse(read_file(csv), csv.string());
  std::vector<double> v;
  for (std::size_t r = 0; r < t.rows(); ++r) v.push_back(t.number(r, "value"));
  return v;
}

// ---------------------------------------------------------------------------------------
// --version and --help

TEST_F(CliTest, VersionPrintsTheVersion) {
  const ProcessResult r = nisim({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  expect_contains(r.out, {"nisim", kVersion}, r.describe());
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\d+\.\d+\.\d+)"))) << r.describe();
}

TEST_F(CliTest, HelpOnTheProgramListsTheVerbs) {
  for (const char* flag : {"--help", "-h"}) {
    const ProcessResult r = nisim({flag});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    expect_contains(r.out, {"Usage", "--version", "run", "validate", "params"}, r.describe());
  }
}

TEST_F(CliTest, HelpOnEveryVerbListsItsOptions) {
  const std::map<std::string, std::vector<std::string>> verbs = {
      {"run", {"scenario", "--out", "--seed", "--scale", "--threads", "--until", "--set", "--progress",
               "--force", "auto", "bar", "json", "none"}},
      {"validate", {"scenario", "--set"}},
      {"params", {"--format", "md", "csv"}},
  };
  for (const auto& [verb, options] : verbs) {
    const ProcessResult r = nisim({verb, "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    expect_contains(r.out, options, r.describe());
    EXPECT_EQ(r.err, "") << r.describe();
  }
}

TEST_F(CliTest, NoVerbOrAnUnknownVerbIsBadInput) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{}, std::vector<std::string>{"frobnicate"}}) {
    const ProcessResult r = nisim(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_FALSE(r.err.empty()) << r.describe();
  }
}

// ---------------------------------------------------------------------------------------
// run: the output folder

TEST_F(CliTest, RunWritesACompleteOutputFolder) {
  const fs::path out = outs() / "baseline";
  const ProcessResult r = nisim({"run", kBaseline, "--scale", "0.01", "--until", "2012", "--out",
                                 out.string(), "--progress", "none"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();

  // Exactly the four files, and no staging (or set-aside) sibling left behind.
  EXPECT_EQ(list_dir(out), kRunFiles);
  EXPECT_EQ(list_dir(outs()), std::vector<std::string>{"baseline"});

  // stdout: the headline table and where the results are.
  expect_contains(r.out, {"year", "GERD", "2010", out.string()}, r.describe());

  // indicators.csv
  const std::string csv_text = read_file(out / "indicators.csv");
  ASSERT_FALSE(csv_text.empty());
  EXPECT_EQ(lines_of(csv_text).at(0), "run,scenario,seed,year,indicator,value");
  const auto csv = engine::CsvTable::parse(csv_text, "indicators.csv");
  ASSERT_GT(csv.rows(), 0u);
  std::set<int> years;
  std::set<std::string> indicators;
  for (std::size_t i = 0; i < csv.rows(); ++i) {
    years.insert(static_cast<int>(csv.number(i, "year")));
    indicators.insert(csv.at(i, "indicator"));
    EXPECT_EQ(csv.at(i, "scenario"), "baseline");
    EXPECT_EQ(csv.at(i, "seed"), "20100101");
    EXPECT_TRUE(std::isfinite(csv.number(i, "value"))) << "row " << i;
  }
  EXPECT_EQ(years, (std::set<int>{2010, 2011, 2012}));
  EXPECT_TRUE(indicators.count("gerd_cny_bn"));

  // results.sqlite: same rows as the CSV, and the runs table.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2((out / "results.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    auto scalar = [&](const std::string& sql) -> long long {
      sqlite3_stmt* st = nullptr;
      long long v = -1;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
      } else if (sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
      }
      sqlite3_finalize(st);
      return v;
    };
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='indicators'"), 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='runs'"), 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM indicators"), static_cast<long long>(csv.rows()));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM runs WHERE status='ok'"), 1);
    sqlite3_close(db);
  }

  // manifest.json
  const auto m = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(m.at("nisim_version"), kVersion);
  EXPECT_EQ(m.at("git_commit"), kGitCommit);
  EXPECT_FALSE(m.at("git_commit").get<std::string>().empty());
  const std::string cmd = m.at("command_line");
  expect_contains(cmd, {"run", kBaseline, "--until 2012", out.string()}, "command_line");
  const std::string sha = m.at("scenario").at("sha256");
  EXPECT_TRUE(std::regex_match(sha, std::regex("[0-9a-f]{64}"))) << sha;
  EXPECT_EQ(sha, output::sha256_hex(read_file(out / "scenario.resolved.toml")));
  EXPECT_EQ(m.at("seed"), 20100101u);
  EXPECT_DOUBLE_EQ(m.at("scale").get<double>(), 0.01);
  EXPECT_GE(m.at("threads").get<int>(), 1);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  EXPECT_TRUE(std::regex_match(m.at("started_utc").get<std::string>(), iso)) << m.dump(2);
  EXPECT_TRUE(std::regex_match(m.at("finished_utc").get<std::string>(), iso)) << m.dump(2);
  EXPECT_LE(m.at("started_utc").get<std::string>(), m.at("finished_utc").get<std::string>());
  EXPECT_TRUE(m.at("wall_seconds").is_number());
  EXPECT_GE(m.at("wall_seconds").get<double>(), 0.0);
  EXPECT_GT(m.at("peak_rss_bytes").get<double>(), 0.0);
  EXPECT_EQ(m.at("status"), "ok");
}

TEST_F(CliTest, SeedChangesTheNumbersAndTheSameSeedRepeatsThem) {
  const fs::path a = run_ok("seed7a", {"--until", "2013", "--seed", "7"});
  const fs::path b = run_ok("seed7b", {"--until", "2013", "--seed", "7"});
  const fs::path c = run_ok("seed8", {"--until", "2013", "--seed", "8"});
  const std::string csv_a = read_file(a / "indicators.csv");
  ASSERT_FALSE(csv_a.empty());
  EXPECT_TRUE(csv_a == read_file(b / "indicators.csv")) << "same seed, different indicators.csv";
  const auto va = values_of(a / "indicators.csv"), vc = values_of(c / "indicators.csv");
  EXPECT_EQ(va.size(), vc.size());
  EXPECT_NE(va, vc) << "--seed 7 and --seed 8 gave the same numbers";
}

TEST_F(CliTest, ThreadCountDoesNotChangeTheResults) {
  const fs::path one = run_ok("t1", {"--until", "2013", "--seed", "7", "--threads", "1"});
  const fs::path two = run_ok("t2", {"--until", "2013", "--seed", "7", "--threads", "2"});
  const std::string csv_one = read_file(one / "indicators.csv");
  ASSERT_FALSE(csv_one.empty());
  EXPECT_TRUE(csv_one == read_file(two / "indicators.csv")) << "--threads 1 and --threads 2 differ";
  EXPECT_EQ(nlohmann::json::parse(read_file(one / "manifest.json")).at("threads"), 1);
  EXPECT_EQ(nlohmann::json::parse(read_file(two / "manifest.json")).at("threads"), 2);
}

// ---------------------------------------------------------------------------------------
// run: bad input is exit 2 with a precise message, and creates nothing

TEST_F(CliTest, RunRejectsAnUnknownParameter) {
  const fs::path f = write("unknown.toml", R"(
[params]
projct_funding_share = 0.5
)");
  expect_bad_input(run_args(f.string()), {"error:", at(f, 2), "key 'params.projct_funding_share'",
                                          "did you mean 'project_funding_share'?"});
}

TEST_F(CliTest, RunRejectsAnOutOfRangeValue) {
  const fs::path f = write("range.toml", R"(
[scenario]
name = "range"
[params]
project_funding_share = 1.5
)");
  expect_bad_input(run_args(f.string()),
                   {at(f, 4), "key 'params.project_funding_share'", "between 0 and 1", "found 1.5"});
}

TEST_F(CliTest, RunRejectsATomlSyntaxError) {
  const fs::path f = write("syntax.toml", R"(
[run]
seed = = 3
)");
  expect_bad_input(run_args(f.string()), {at(f, 2), "TOML syntax error"});
}

TEST_F(CliTest, RunRejectsAMissingScenarioFile) {
  const fs::path f = in() / "nothere.toml";
  expect_bad_input(run_args(f.string()), {f.string(), "does not exist"});
}

TEST_F(CliTest, RunRejectsAnUnknownInstrument) {
  const fs::path f = write("instrument.toml", R"(
[[policy]]
instrument = "talent_program"
start = 2015
)");
  expect_bad_input(run_args(f.string()), {at(f, 2), "key 'policy[1].instrument'", "unknown instrument",
                                          "did you mean 'talent_programme'?"});
}

TEST_F(CliTest, RunRejectsAnUnknownOutputIndicator) {
  const fs::path f = write("outputs.toml", "extends = \"" + std::string(kBaseline) + "\"\n[outputs]\nindicators = [\"papres\"]\n");
  std::vector<std::string> args = {"run", f.string(), "--until", "2010", "--out", (outs() / "run").string(),
                                   "--progress", "none"};
  // Found before the run, at the key's line (outputs.toml:3).
  expect_bad_input(args, {at(f, 3), "key 'outputs.indicators'", "papres", "did you mean 'papers'?"});
}

TEST_F(CliTest, RunRejectsSetWithoutEquals) {
  expect_bad_input(run_args(kBaseline, {"--set", "nonsense"}),
                   {"--set argument 1", "expected KEY=VALUE", "nonsense"});
}

TEST_F(CliTest, RunRejectsSetOfAnUnknownParameter) {
  expect_bad_input(run_args(kBaseline, {"--set", "params.unknown_param=1"}),
                   {"--set", "key 'params.unknown_param'", "unknown key"});
}

TEST_F(CliTest, RunRejectsANonPositiveScale) {
  for (const char* scale : {"0", "-1"}) {
    SCOPED_TRACE(scale);
    expect_bad_input(run_args(kBaseline, {"--scale", scale}),
                     {"--scale", "0 < S <= 2", std::string("found ") + scale});
  }
}

TEST_F(CliTest, RunRejectsAnEndYearBeforeTheData) {
  std::vector<std::string> args = {"run", kBaseline, "--until", "2005", "--out", (outs() / "run").string(),
                                   "--progress", "none"};
  expect_bad_input(args, {"--until", "between 2010 and 2100", "found 2005"});
}

TEST_F(CliTest, RunRejectsAnUnknownProgressMode) {
  std::vector<std::string> args = {"run", kBaseline, "--until", "2012", "--out", (outs() / "run").string(),
                                   "--progress", "fancy"};
  expect_bad_input(args, {"--progress", "fancy"});
}

TEST_F(CliTest, RunRefusesANonEmptyOutputFolderWithoutForce) {
  const fs::path out = outs() / "run";
  test_support::write_file(out / "keep.txt", "precious\n");
  const ProcessResult r = nisim(run_args(kBaseline));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {out.string(), "not empty", "--force"}, r.describe());
  EXPECT_EQ(list_dir(out), std::vector<std::string>{"keep.txt"});
  EXPECT_EQ(read_file(out / "keep.txt"), "precious\n");
  EXPECT_EQ(list_dir(outs()), std::vector<std::string>{"run"});  // no staging sibling
}

TEST_F(CliTest, RunWithForceReplacesAnExistingFolder) {
  const fs::path out = outs() / "run";
  // --force replaces only a folder nisim wrote (one with a nisim manifest.json).
  test_support::write_file(out / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "old"})");
  test_support::write_file(out / "keep.txt", "old\n");
  const ProcessResult r = nisim(run_args(kBaseline, {"--force"}));
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(list_dir(out), kRunFiles);
  EXPECT_EQ(list_dir(outs()), std::vector<std::string>{"run"});  // no staging or set-aside sibling
}

// ---------------------------------------------------------------------------------------
// validate

TEST_F(CliTest, ValidateAcceptsTheBaseline) {
  const ProcessResult r = nisim({"validate", kBaseline});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.out.rfind("ok", 0), 0u) << r.describe();
}

TEST_F(CliTest, ValidateRejectsABrokenFile) {
  const fs::path f = write("broken.toml", R"(
[run]
sed = 3
)");
  const ProcessResult r = nisim({"validate", f.string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {at(f, 2), "key 'run.sed'", "did you mean 'seed'?"}, r.describe());
  EXPECT_EQ(r.out.find("ok"), std::string::npos) << r.describe();
}

// ---------------------------------------------------------------------------------------
// params

TEST_F(CliTest, ParamsCsvListsEveryParameterOfTheDataTable) {
  const ProcessResult r = nisim({"params", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto t = engine::CsvTable::parse(r.out, "nisim params --format csv");
  ASSERT_GT(t.rows(), 0u);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string& name = t.at(i, "name");
    names.push_back(name);
    EXPECT_FALSE(t.at(i, "unit").empty()) << name;
    EXPECT_FALSE(t.at(i, "source").empty()) << name;
    EXPECT_LE(t.number(i, "min"), t.number(i, "default")) << name;
    EXPECT_LE(t.number(i, "default"), t.number(i, "max")) << name;
  }
  const fs::path data = fs::path(NISIM_SOURCE_DIR) / "data" / "parameters.csv";
  const auto d = engine::CsvTable::parse(read_file(data), data.string());
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < d.rows(); ++i) expected.push_back(d.at(i, "name"));
  EXPECT_EQ(names, expected);
}

TEST_F(CliTest, ParamsMarkdownIsATable) {
  const ProcessResult r = nisim({"params", "--format", "md"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 3u) << r.describe();
  EXPECT_EQ(lines[0].rfind("| name | unit | default |", 0), 0u) << lines[0];
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(R"(\|(\s*:?-{3,}:?\s*\|)+)"))) << lines[1];
  // Every line has as many (unescaped) cell separators as the header.
  auto pipes = [](const std::string& s) {
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s[i] == '|' && (i == 0 || s[i - 1] != '\\')) ++n;
    return n;
  };
  for (const auto& line : lines) EXPECT_EQ(pipes(line), pipes(lines[0])) << line;
  const ProcessResult csv = nisim({"params", "--format", "csv"});
  EXPECT_EQ(lines.size() - 2, engine::CsvTable::parse(csv.out, "csv").rows());
}

// ---------------------------------------------------------------------------------------
// --progress json

TEST_F(CliTest, ProgressJsonGoesToStderrAsJsonLines) {
  const fs::path out = outs() / "run";
  const ProcessResult r = nisim({"run", kBaseline, "--until", "2012", "--out", out.string(), "--progress", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::vector<nlohmann::json> events;
  for (const auto& line : lines_of(r.err)) {
    if (line.empty()) continue;
    ASSERT_TRUE(nlohmann::json::accept(line)) << "not JSON: " << line << "\n" << r.describe();
    events.push_back(nlohmann::json::parse(line));
  }
  ASSERT_GE(events.size(), 2u) << r.describe();
  long last_done = 0;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    ASSERT_EQ(events[i].at("event"), "progress") << events[i].dump();
    const long done = events[i].at("done");
    EXPECT_GT(done, last_done) << events[i].dump();
    EXPECT_EQ(events[i].at("total"), 3) << events[i].dump();
    last_done = done;
  }
  EXPECT_EQ(last_done, 3);
  const auto& fin = events.back();
  EXPECT_EQ(fin.at("event"), "done") << fin.dump();
  EXPECT_EQ(fin.at("status"), "ok") << fin.dump();
  EXPECT_EQ(fin.at("done"), 3) << fin.dump();
  // stdout keeps the human summary only.
  EXPECT_EQ(r.out.find('{'), std::string::npos) << r.describe();
  EXPECT_EQ(r.out.find("\"event\""), std::string::npos) << r.describe();
  expect_contains(r.out, {"2010", out.string()}, r.describe());
}

// ---------------------------------------------------------------------------------------
// compare

const std::string kDifferencesHeader =
    "indicator,year,reference,other,reference_value,other_value,difference,relative_difference";

// The row of a differences.csv for `indicator` in `year` (fails the test if there is none).
std::size_t row_of(const engine::CsvTable& t, const std::string& indicator, int year) {
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (t.at(i, "indicator") == indicator && static_cast<int>(t.number(i, "year")) == year) return i;
  ADD_FAILURE() << "no row for " << indicator << " " << year << " in " << t.origin();
  return t.rows();
}

// The run folders compared live under in()/runs, so that outs() holds only what compare
// writes.
TEST_F(CliTest, CompareWritesTheDifferencesOfTwoSeeds) {
  const fs::path a = run_ok_to(in() / "runs" / "seed1", {"--until", "2012", "--seed", "1"});
  const fs::path b = run_ok_to(in() / "runs" / "seed2", {"--until", "2012", "--seed", "2"});
  const fs::path out = outs() / "cmp";
  const ProcessResult r = nisim({"compare", a.string(), b.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(list_dir(out), (std::vector<std::string>{"differences.csv", "manifest.json"}));
  EXPECT_EQ(list_dir(outs()), std::vector<std::string>{"cmp"});  // no staging sibling
  expect_contains(r.out, {"largest differences", out.string()}, r.describe());

  const std::string text = read_file(out / "differences.csv");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(lines_of(text).at(0), kDifferencesHeader);
  const auto t = engine::CsvTable::parse(text, "differences.csv");
  ASSERT_GT(t.rows(), 0u);
  std::set<int> years;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    years.insert(static_cast<int>(t.number(i, "year")));
    EXPECT_EQ(t.at(i, "reference"), "baseline (seed 1)") << "row " << i;
    EXPECT_EQ(t.at(i, "other"), "baseline (seed 2)") << "row " << i;
    EXPECT_DOUBLE_EQ(t.number(i, "difference"), t.number(i, "other_value") - t.number(i, "reference_value"))
        << "row " << i;
  }
  EXPECT_EQ(years, (std::set<int>{2010, 2011, 2012}));

  const auto m = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(m.at("verb"), "compare");
  EXPECT_EQ(m.at("nisim_version"), kVersion);
  EXPECT_EQ(m.at("reference"), a.string());
  EXPECT_EQ(m.at("folders"), (nlohmann::json{a.string(), b.string()}));
  EXPECT_EQ(m.at("rows").get<std::size_t>(), t.rows());
}

TEST_F(CliTest, CompareShowsAParameterChange) {
  const fs::path a = run_ok_to(in() / "runs" / "base", {"--until", "2012", "--seed", "1"});
  const fs::path b = run_ok_to(in() / "runs" / "share30",
                               {"--until", "2012", "--seed", "1", "--set", "project_funding_share=0.3"});
  const fs::path out = outs() / "cmp";
  const ProcessResult r = nisim({"compare", a.string(), b.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(list_dir(out), (std::vector<std::string>{"differences.csv", "manifest.json"}));
  expect_contains(r.out, {"largest differences", "gov_project_share_pct"}, r.describe());

  const std::string text = read_file(out / "differences.csv");
  EXPECT_EQ(lines_of(text).at(0), kDifferencesHeader);
  const auto t = engine::CsvTable::parse(text, "differences.csv");
  const std::size_t i = row_of(t, "gov_project_share_pct", 2012);
  ASSERT_LT(i, t.rows());
  EXPECT_NEAR(t.number(i, "reference_value"), 70.0, 1e-9);
  EXPECT_NEAR(t.number(i, "other_value"), 30.0, 1e-9);
  EXPECT_NEAR(t.number(i, "difference"), -40.0, 1e-9);
  EXPECT_NEAR(t.number(i, "relative_difference"), -4.0 / 7.0, 1e-9);  // -0.571...
}

TEST_F(CliTest, CompareRejectsAFolderWithoutManifest) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2012"});
  const fs::path b = in() / "runs" / "b";
  fs::copy(a, b);
  fs::remove(b / "manifest.json");
  expect_bad_input({"compare", a.string(), b.string(), "--out", (outs() / "cmp").string()},
                   {"error:", b.string(), "missing manifest.json"});
}

TEST_F(CliTest, CompareRejectsAMissingFolder) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2012"});
  const fs::path missing = in() / "runs" / "nothere";
  expect_bad_input({"compare", a.string(), missing.string(), "--out", (outs() / "cmp").string()},
                   {"error:", missing.string(), "not a folder"});
}

TEST_F(CliTest, CompareRejectsASingleFolder) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2012"});
  expect_bad_input({"compare", a.string(), "--out", (outs() / "cmp").string()}, {"folders", "2"});
}

TEST_F(CliTest, CompareRejectsFoldersOfDifferentVersions) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2012"});
  const fs::path b = in() / "runs" / "b";
  fs::copy(a, b);
  auto m = nlohmann::json::parse(read_file(b / "manifest.json"));
  m["nisim_version"] = "0.0.0-other";
  test_support::write_file(b / "manifest.json", m.dump(2) + "\n");
  expect_bad_input({"compare", a.string(), b.string(), "--out", (outs() / "cmp").string()},
                   {"error:", a.string(), b.string(), std::string("nisim ") + kVersion, "nisim 0.0.0-other",
                    "not comparable"});
}

TEST_F(CliTest, CompareRefusesANonEmptyOutputFolderWithoutForce) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2012", "--seed", "1"});
  const fs::path b = run_ok_to(in() / "runs" / "b", {"--until", "2012", "--seed", "2"});
  const fs::path out = outs() / "cmp";
  test_support::write_file(out / "keep.txt", "precious\n");
  const ProcessResult r = nisim({"compare", a.string(), b.string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(r.out, "") << r.describe();
  expect_contains(r.err, {"error:", out.string(), "not empty", "--force"}, r.describe());
  EXPECT_EQ(list_dir(out), std::vector<std::string>{"keep.txt"});
  EXPECT_EQ(read_file(out / "keep.txt"), "precious\n");
  EXPECT_EQ(list_dir(outs()), std::vector<std::string>{"cmp"});  // no staging sibling
}

TEST_F(CliTest, CompareRefusesToWriteOverAnInputFolder) {
  const fs::path a = run_ok_to(in() / "runs" / "a", {"--until", "2011", "--seed", "1"});
  const fs::path b = run_ok_to(in() / "runs" / "b", {"--until", "2011", "--seed", "2"});
  const std::string before = read_file(a / "indicators.csv");
  const ProcessResult r = nisim({"compare", a.string(), b.string(), "--out", a.string(), "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_contains(r.err, {"--out", "run folder"}, r.describe());
  EXPECT_EQ(read_file(a / "indicators.csv"), before);  // the input is untouched
}

TEST_F(CliTest, CompareLabelsTwoRunsWithTheSameScenarioAndSeedByFolder) {
  const fs::path a = run_ok_to(in() / "runs" / "base", {"--until", "2011", "--seed", "1"});
  const fs::path b = run_ok_to(in() / "runs" / "variant", {"--until", "2011", "--seed", "1", "--set",
                                                            "project_funding_share=0.3"});
  const ProcessResult r = nisim({"compare", a.string(), b.string(), "--out", (outs() / "cmp").string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string csv = read_file(outs() / "cmp" / "differences.csv");
  expect_contains(csv, {a.string(), b.string()}, "labels carry the folders when scenario and seed coincide");
}

// ---------------------------------------------------------------------------------------
// instruments

const char* block_of(policy::BlockKind kind) { return kind == policy::BlockKind::Shock ? "shock" : "policy"; }

TEST_F(CliTest, InstrumentsCsvListsTheCatalogue) {
  const ProcessResult r = nisim({"instruments", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto t = engine::CsvTable::parse(r.out, "nisim instruments --format csv");
  ASSERT_GT(t.rows(), 0u);
  std::set<std::pair<std::string, std::string>> blocks;
  std::set<std::tuple<std::string, std::string, std::string>> keys;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string what = t.at(i, "name") + "." + t.at(i, "key");
    blocks.insert({t.at(i, "name"), t.at(i, "block")});
    keys.insert({t.at(i, "name"), t.at(i, "block"), t.at(i, "key")});
    EXPECT_LE(t.number(i, "min"), t.number(i, "default")) << what;
    EXPECT_LE(t.number(i, "default"), t.number(i, "max")) << what;
    EXPECT_FALSE(t.at(i, "unit").empty()) << what;
    EXPECT_FALSE(t.at(i, "description").empty()) << what;
  }
  std::set<std::pair<std::string, std::string>> expected_blocks;
  std::set<std::tuple<std::string, std::string, std::string>> expected_keys;
  for (const auto& s : policy::instrument_catalog()) {
    expected_blocks.insert({s.name, block_of(s.kind)});
    for (const auto& k : s.keys) expected_keys.insert({s.name, block_of(s.kind), k.name});
  }
  EXPECT_EQ(blocks, expected_blocks);
  EXPECT_EQ(keys, expected_keys);
}

TEST_F(CliTest, InstrumentsMarkdownHasAHeadingPerEntry) {
  const ProcessResult r = nisim({"instruments"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::vector<std::string> headings;
  for (const auto& line : lines_of(r.out))
    if (line.rfind("## ", 0) == 0) headings.push_back(line);
  const auto& cat = policy::instrument_catalog();
  ASSERT_EQ(headings.size(), cat.size()) << r.describe();
  for (std::size_t i = 0; i < cat.size(); ++i)
    EXPECT_EQ(headings[i].rfind("## " + cat[i].name + " (", 0), 0u) << headings[i];
}

}  // namespace
}  // namespace nisim
