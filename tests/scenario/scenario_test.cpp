#include <nisim/scenario/scenario.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <nisim/scenario/parameters.hpp>

namespace nisim::scenario {
namespace {

namespace fs = std::filesystem;

// Each test gets its own folder under the system temp dir, removed afterwards.
class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           fmt::format("nisim_scenario_{}_{}_{}", info->name(), ::getpid(), ++counter);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes `text` (a leading newline is dropped so that line 1 is the first line shown).
  fs::path write(const std::string& name, std::string text) {
    if (!text.empty() && text[0] == '\n') text.erase(0, 1);
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // what() of the ScenarioError thrown by loading `name` written with `text`.
  std::string error_for(const std::string& name, const std::string& text,
                        const std::vector<std::string>& overrides = {}) {
    return error_loading(write(name, text), overrides);
  }

  static std::string error_loading(const fs::path& p, const std::vector<std::string>& overrides = {}) {
    try {
      load_scenario(p, overrides);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a ScenarioError loading " << p;
    return "";
  }

  // "<full path>:<line>:" as it must appear at the start of a message.
  std::string at(const std::string& name, int line) const {
    return fmt::format("{}:{}:", (dir_ / name).string(), line);
  }

  fs::path dir_;
};

void expect_contains(const std::string& msg, const std::vector<std::string>& parts) {
  for (const auto& p : parts)
    EXPECT_NE(msg.find(p), std::string::npos) << "missing \"" << p << "\" in: " << msg;
}

std::string sha256_of(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

const char* kFull = R"(
# A complete scenario.
[scenario]
name = "full"
description = "Everything set"

[run]
start_year = 2012
end_year = 2030
seed = 42
scale = 0.5
threads = 2

[params]
project_funding_share = 0.55
project_cycle_years = 5

[[policy]]
instrument = "talent_programme"
start = 2015
end = 2025
recruits_per_year = 1200
regions = ["beijing", "guangdong"]
actors = ["university", "little_giant"]

[[shock]]
shock = "export_controls"
start = 2019

[[policy]]
instrument = "research_funding_mix"
start = 2010
basic_share_change = 0.3
areas = ["ai", "semiconductors"]

[outputs]
csv = true
sqlite = false
indicators = ["patents", "papers"]
)";

// ----------------------------------------------------------------------------------------
// Valid files.

TEST_F(ScenarioTest, ValidFileLoadsWithExpectedValues) {
  fs::path p = write("full.toml", kFull);
  Scenario s = load_scenario(p);
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.description, "Everything set");
  EXPECT_EQ(s.file, p);
  EXPECT_EQ(s.run.start_year, 2012);
  EXPECT_EQ(s.run.end_year, 2030);
  EXPECT_EQ(s.run.seed, 42u);
  EXPECT_DOUBLE_EQ(s.run.scale, 0.5);
  EXPECT_EQ(s.run.threads, 2);
  EXPECT_DOUBLE_EQ(s.param("project_funding_share"), 0.55);
  EXPECT_DOUBLE_EQ(s.param("project_cycle_years"), 5);
  EXPECT_THROW(s.param("nope"), std::out_of_range);
  EXPECT_EQ(s.params.size(), parameter_specs().size());

  // Blocks in file order, whatever their kind; defaults filled in.
  ASSERT_EQ(s.policies.size(), 3u);
  const PolicyBlock& t = s.policies[0];
  EXPECT_EQ(t.name, "talent_programme");
  EXPECT_EQ(t.kind, policy::BlockKind::Instrument);
  EXPECT_EQ(t.start_year, 2015);
  EXPECT_EQ(t.end_year, 2025);
  EXPECT_DOUBLE_EQ(t.values.at("recruits_per_year"), 1200);
  EXPECT_DOUBLE_EQ(t.values.at("premium_change"), 0.0);
  EXPECT_EQ(t.regions, (std::vector<std::string>{"beijing", "guangdong"}));
  EXPECT_EQ(t.actors, (std::vector<std::string>{"university", "little_giant"}));
  EXPECT_TRUE(t.areas.empty());
  EXPECT_EQ(t.where.line, 17);
  EXPECT_EQ(t.where.file, p.string());

  const PolicyBlock& e = s.policies[1];
  EXPECT_EQ(e.name, "export_controls");
  EXPECT_EQ(e.kind, policy::BlockKind::Shock);
  EXPECT_EQ(e.start_year, 2019);
  EXPECT_EQ(e.end_year, 2100);
  EXPECT_DOUBLE_EQ(e.values.at("access_cut"), 0.5);

  const PolicyBlock& m = s.policies[2];
  EXPECT_EQ(m.name, "research_funding_mix");
  EXPECT_DOUBLE_EQ(m.values.at("basic_share_change"), 0.3);
  EXPECT_DOUBLE_EQ(m.values.at("project_share_change"), 0.0);
  EXPECT_DOUBLE_EQ(m.values.at("cycle_years_change"), 0);
  EXPECT_EQ(m.areas, (std::vector<std::string>{"ai", "semiconductors"}));

  EXPECT_TRUE(s.outputs.csv);
  EXPECT_FALSE(s.outputs.sqlite);
  EXPECT_EQ(s.outputs.indicators, (std::vector<std::string>{"patents", "papers"}));
}

TEST_F(ScenarioTest, EmptyFileGivesDefaultsAndTheStemAsName) {
  Scenario s = load_scenario(write("my_baseline.toml", ""));
  EXPECT_EQ(s.name, "my_baseline");
  EXPECT_EQ(s.run, RunSettings{});
  EXPECT_EQ(s.outputs, OutputSettings{});
  EXPECT_TRUE(s.policies.empty());
  for (const auto& p : parameter_specs()) EXPECT_EQ(s.param(p.name), p.default_value) << p.name;
}

TEST_F(ScenarioTest, IntegerAcceptedWhereANumberIsExpected) {
  Scenario s = load_scenario(write("a.toml", R"(
[run]
scale = 1
[params]
project_funding_share = 1
project_cycle_years = 6.0
)"));
  EXPECT_DOUBLE_EQ(s.run.scale, 1.0);
  EXPECT_DOUBLE_EQ(s.param("project_funding_share"), 1.0);
  EXPECT_DOUBLE_EQ(s.param("project_cycle_years"), 6.0);
}

TEST_F(ScenarioTest, ExtendsChainWithOverridePrecedence) {
  write("grand.toml", R"(
[scenario]
name = "grand"
description = "from grand"
[run]
start_year = 2011
end_year = 2040
seed = 1
[params]
project_funding_share = 0.5
project_cycle_years = 3
[[policy]]
instrument = "talent_programme"
start = 2012
[outputs]
csv = false
indicators = ["a", "b"]
)");
  write("parent.toml", R"(
extends = "grand.toml"
[run]
seed = 2
[params]
project_cycle_years = 7
[[shock]]
shock = "export_controls"
start = 2018
)");
  fs::path child = write("sub/child.toml", R"(
extends = "../parent.toml"
[run]
seed = 3
end_year = 2035
[params]
project_funding_share = 0.9
[[policy]]
instrument = "research_funding_mix"
start = 2020
[outputs]
indicators = ["c"]
)");
  Scenario s = load_scenario(child);
  EXPECT_EQ(s.name, "child");  // names are not inherited: the file stem
  EXPECT_EQ(s.description, "from grand");
  EXPECT_EQ(s.run.start_year, 2011);  // grand
  EXPECT_EQ(s.run.end_year, 2035);    // child
  EXPECT_EQ(s.run.seed, 3u);          // child over parent over grand
  EXPECT_DOUBLE_EQ(s.param("project_funding_share"), 0.9);  // child over grand
  EXPECT_DOUBLE_EQ(s.param("project_cycle_years"), 7);      // parent over grand
  ASSERT_EQ(s.policies.size(), 3u);  // appended: grand's, parent's, child's
  EXPECT_EQ(s.policies[0].name, "talent_programme");
  EXPECT_EQ(s.policies[1].name, "export_controls");
  EXPECT_EQ(s.policies[2].name, "research_funding_mix");
  EXPECT_NE(s.policies[0].where.file.find("grand.toml"), std::string::npos);
  EXPECT_FALSE(s.outputs.csv);                                    // grand, key by key
  EXPECT_EQ(s.outputs.indicators, std::vector<std::string>{"c"});  // arrays replaced whole

  // The parent alone: name from its own stem, its run over grand.
  Scenario parent = load_scenario(dir_ / "parent.toml");
  EXPECT_EQ(parent.name, "parent");
  EXPECT_EQ(parent.run.seed, 2u);
  EXPECT_EQ(parent.policies.size(), 2u);
}

TEST_F(ScenarioTest, ReplacePoliciesAndShocksDropInheritedBlocks) {
  write("base.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2012
[[shock]]
shock = "export_controls"
start = 2018
)");
  Scenario a = load_scenario(write("a.toml", R"(
extends = "base.toml"
replace_policies = true
[[policy]]
instrument = "research_funding_mix"
start = 2020
)"));
  ASSERT_EQ(a.policies.size(), 2u);
  EXPECT_EQ(a.policies[0].name, "export_controls");
  EXPECT_EQ(a.policies[1].name, "research_funding_mix");

  Scenario b = load_scenario(write("b.toml", R"(
extends = "base.toml"
replace_shocks = true
)"));
  ASSERT_EQ(b.policies.size(), 1u);
  EXPECT_EQ(b.policies[0].name, "talent_programme");

  Scenario c = load_scenario(write("c.toml", R"(
extends = "base.toml"
replace_policies = false
)"));
  EXPECT_EQ(c.policies.size(), 2u);
}

TEST_F(ScenarioTest, SetOverridesWinOverTheWholeChain) {
  write("base.toml", R"(
[run]
seed = 5
[params]
project_funding_share = 0.4
)");
  fs::path child = write("child.toml", R"(
extends = "base.toml"
[params]
project_funding_share = 0.6
[[policy]]
instrument = "talent_programme"
start = 2015
[[shock]]
shock = "export_controls"
start = 2019
)");
  Scenario s = load_scenario(child, {"params.project_funding_share=0.8", "run.seed=7",
                                     "project_cycle_years = 6", "outputs.csv=false",
                                     "outputs.indicators=x, y", "scenario.name=renamed",
                                     "policy[1].recruits_per_year=900", "policy[1].end=2030",
                                     "shock[1].access_cut=0.25", "policy[1].regions=beijing,rest",
                                     "run.scale=0.02", "run.seed=8"});
  EXPECT_DOUBLE_EQ(s.param("project_funding_share"), 0.8);
  EXPECT_DOUBLE_EQ(s.param("project_cycle_years"), 6);
  EXPECT_EQ(s.run.seed, 8u);  // later overrides win
  EXPECT_DOUBLE_EQ(s.run.scale, 0.02);
  EXPECT_FALSE(s.outputs.csv);
  EXPECT_EQ(s.outputs.indicators, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(s.name, "renamed");
  ASSERT_EQ(s.policies.size(), 2u);
  EXPECT_DOUBLE_EQ(s.policies[0].values.at("recruits_per_year"), 900);
  EXPECT_EQ(s.policies[0].end_year, 2030);
  EXPECT_EQ(s.policies[0].regions, (std::vector<std::string>{"beijing", "rest"}));
  EXPECT_DOUBLE_EQ(s.policies[1].values.at("access_cut"), 0.25);
  // The resolved text carries the overrides.
  EXPECT_NE(s.resolved_toml.find("project_funding_share = 0.8\n"), std::string::npos);
}

TEST_F(ScenarioTest, ResolvedTomlRoundTripsWithAStableHash) {
  fs::path p = write("full.toml", kFull);
  Scenario s = load_scenario(p, {"params.project_funding_share=0.123456789", "run.scale=0.1"});
  // Every parameter written, in registry order.
  std::size_t last = 0;
  for (const auto& spec : parameter_specs()) {
    auto pos = s.resolved_toml.find("\n" + spec.name + " = ");
    ASSERT_NE(pos, std::string::npos) << spec.name;
    EXPECT_GT(pos, last) << spec.name;
    last = pos;
  }
  // Defaults of blocks written out.
  EXPECT_NE(s.resolved_toml.find("premium_change = 0\n"), std::string::npos);
  EXPECT_NE(s.resolved_toml.find("project_funding_share = 0.123456789\n"), std::string::npos);
  EXPECT_EQ(s.resolved_toml.find("extends"), std::string::npos);

  ASSERT_EQ(s.sha256.size(), 64u);
  EXPECT_EQ(s.sha256, sha256_of(s.resolved_toml));
  EXPECT_EQ(s.sha256.find_first_not_of("0123456789abcdef"), std::string::npos);

  Scenario again = load_scenario(p, {"params.project_funding_share=0.123456789", "run.scale=0.1"});
  EXPECT_EQ(again.resolved_toml, s.resolved_toml);
  EXPECT_EQ(again.sha256, s.sha256);

  Scenario r = load_scenario_text(s.resolved_toml, "resolved.toml");
  EXPECT_EQ(r.resolved_toml, s.resolved_toml);
  EXPECT_EQ(r.sha256, s.sha256);
  EXPECT_EQ(r.name, s.name);
  EXPECT_EQ(r.description, s.description);
  EXPECT_EQ(r.run, s.run);
  EXPECT_EQ(r.params, s.params);
  EXPECT_EQ(r.outputs, s.outputs);
  ASSERT_EQ(r.policies.size(), s.policies.size());
  for (std::size_t i = 0; i < s.policies.size(); ++i) {
    EXPECT_EQ(r.policies[i].name, s.policies[i].name);
    EXPECT_EQ(r.policies[i].kind, s.policies[i].kind);
    EXPECT_EQ(r.policies[i].start_year, s.policies[i].start_year);
    EXPECT_EQ(r.policies[i].end_year, s.policies[i].end_year);
    EXPECT_EQ(r.policies[i].values, s.policies[i].values);
    EXPECT_EQ(r.policies[i].areas, s.policies[i].areas);
    EXPECT_EQ(r.policies[i].regions, s.policies[i].regions);
    EXPECT_EQ(r.policies[i].actors, s.policies[i].actors);
  }

  // A different set-up hashes differently.
  Scenario other = load_scenario(p, {"params.project_funding_share=0.5"});
  EXPECT_NE(other.sha256, s.sha256);
}

TEST_F(ScenarioTest, ResolvedTomlEscapesStrings) {
  Scenario s = load_scenario(write("q.toml", R"(
[scenario]
description = "quote \" backslash \\ tab \t newline \n unicode é"
)"));
  Scenario r = load_scenario_text(s.resolved_toml, "r.toml");
  EXPECT_EQ(r.description, s.description);
  EXPECT_EQ(r.sha256, s.sha256);
}

TEST_F(ScenarioTest, LoadFromTextResolvesExtendsNextToOrigin) {
  write("base.toml", "[run]\nseed = 11\n");
  Scenario s = load_scenario_text("extends = \"base.toml\"\n", (dir_ / "virtual.toml").string());
  EXPECT_EQ(s.run.seed, 11u);
  EXPECT_EQ(s.name, "virtual");
}

// ----------------------------------------------------------------------------------------
// Errors: one test per class. Each checks file, line, key, expectation and suggestion.

TEST_F(ScenarioTest, ErrorTomlSyntax) {
  std::string msg = error_for("syntax.toml", R"(
[run]
seed = = 3
)");
  expect_contains(msg, {at("syntax.toml", 2), "TOML syntax error"});
  EXPECT_EQ(msg.rfind(at("syntax.toml", 2), 0), 0u) << msg;  // the message starts with it
}

TEST_F(ScenarioTest, ErrorUnknownTopLevelTable) {
  std::string msg = error_for("t.toml", R"(
[run]
seed = 3

[parms]
project_funding_share = 0.5
)");
  expect_contains(msg, {at("t.toml", 4), "key 'parms'", "unknown key at the top level",
                        "[params]", "found 'parms'", "did you mean 'params'?"});
}

TEST_F(ScenarioTest, ErrorUnknownTopLevelKey) {
  std::string msg = error_for("t.toml", R"(
extend = "base.toml"
)");
  expect_contains(msg, {at("t.toml", 1), "key 'extend'", "did you mean 'extends'?"});
  // `extends` written after a table header belongs to that table.
  msg = error_for("u.toml", R"(
[run]
seed = 2
extends = "base.toml"
)");
  expect_contains(msg, {at("u.toml", 3), "key 'run.extends'", "at the top of the file"});
}

TEST_F(ScenarioTest, ErrorParameterAtTopLevelPointsToParams) {
  std::string msg = error_for("t.toml", R"(
project_funding_share = 0.5
)");
  expect_contains(msg, {at("t.toml", 1), "key 'project_funding_share'", "belong in [params]"});
}

TEST_F(ScenarioTest, ErrorUnknownKeyInRun) {
  std::string msg = error_for("r.toml", R"(
[run]
start_year = 2012
sed = 3
)");
  expect_contains(msg, {at("r.toml", 3), "key 'run.sed'", "unknown key in [run]",
                        "start_year, end_year, seed, scale, threads", "did you mean 'seed'?"});
}

TEST_F(ScenarioTest, ErrorUnknownKeyInParams) {
  std::string msg = error_for("p.toml", R"(
[params]
projct_funding_share = 0.5
)");
  expect_contains(msg, {at("p.toml", 2), "key 'params.projct_funding_share'", "nisim params",
                        "did you mean 'project_funding_share'?"});
}

TEST_F(ScenarioTest, ErrorUnknownKeyInOutputsAndScenario) {
  std::string msg = error_for("o.toml", R"(
[outputs]
csvv = true
)");
  expect_contains(msg, {at("o.toml", 2), "key 'outputs.csvv'", "csv, sqlite, indicators",
                        "did you mean 'csv'?"});
  msg = error_for("s.toml", R"(
[scenario]
nmae = "x"
)");
  expect_contains(msg, {at("s.toml", 2), "key 'scenario.nmae'", "did you mean 'name'?"});
}

TEST_F(ScenarioTest, ErrorStringWhereNumberExpected) {
  std::string msg = error_for("w.toml", R"(
[params]
project_funding_share = "0.5"
)");
  expect_contains(msg, {at("w.toml", 2), "key 'params.project_funding_share'",
                        "expected a number between 0 and 1 (fraction)", "found a string \"0.5\"",
                        "without quotes"});
}

TEST_F(ScenarioTest, ErrorFloatWhereIntegerExpected) {
  std::string msg = error_for("f.toml", R"(
[run]
start_year = 2020.0
)");
  expect_contains(msg, {at("f.toml", 2) + "14", "key 'run.start_year'",
                        "expected an integer year between 2010 and 2100", "found a float 2020.0"});
  msg = error_for("g.toml", R"(
[run]
seed = 7.5
)");
  expect_contains(msg, {at("g.toml", 2) + "8", "key 'run.seed'", "expected an integer >= 0",
                        "found a float 7.5"});
}

TEST_F(ScenarioTest, ErrorIntegerParameterNotWhole) {
  std::string msg = error_for("i.toml", R"(
[params]
project_cycle_years = 3.5
)");
  expect_contains(msg, {at("i.toml", 2), "key 'params.project_cycle_years'",
                        "expected a whole number between 1 and 10 (years)", "found 3.5"});
}

TEST_F(ScenarioTest, FirstErrorInFileOrderIsReported) {
  // toml++ keeps keys sorted by name; errors must still come in the order of the file.
  std::string msg = error_for("o.toml", R"(
[outputs]
sqlite = 3
[params]
project_funding_share = 2
project_cycle_years = 0
)");
  expect_contains(msg, {at("o.toml", 2), "key 'outputs.sqlite'"});
  msg = error_for("p.toml", R"(
[params]
project_funding_share = 2
project_cycle_years = 0
)");
  expect_contains(msg, {at("p.toml", 2), "key 'params.project_funding_share'"});
}

TEST_F(ScenarioTest, InlineAndDottedTablesAreAccepted) {
  Scenario s = load_scenario(write("i.toml", R"(
params.project_funding_share = 0.25
run = { seed = 3 }
policy = [{ instrument = "talent_programme", start = 2014 }]
)"));
  EXPECT_DOUBLE_EQ(s.param("project_funding_share"), 0.25);
  EXPECT_EQ(s.run.seed, 3u);
  ASSERT_EQ(s.policies.size(), 1u);
  EXPECT_EQ(s.policies[0].start_year, 2014);
}

TEST_F(ScenarioTest, ErrorWrongTypeForBoolListAndTable) {
  std::string msg = error_for("b.toml", R"(
[outputs]
csv = "yes"
)");
  expect_contains(msg, {at("b.toml", 2), "key 'outputs.csv'", "expected true or false",
                        "found a string \"yes\""});
  msg = error_for("l.toml", R"(
[outputs]
indicators = "patents"
)");
  expect_contains(msg, {at("l.toml", 2), "key 'outputs.indicators'", "expected an array of strings"});
  msg = error_for("t.toml", R"(
run = 3
)");
  expect_contains(msg, {at("t.toml", 1), "key 'run'", "expected a table [run]", "found an integer 3"});
  msg = error_for("p.toml", R"(
[policy]
instrument = "talent_programme"
)");
  expect_contains(msg, {at("p.toml", 1), "key 'policy'", "[[policy]] blocks", "found a table"});
}

TEST_F(ScenarioTest, ErrorOutOfRange) {
  std::string msg = error_for("o.toml", R"(
[params]
project_funding_share = 1.5
)");
  expect_contains(msg, {at("o.toml", 2), "key 'params.project_funding_share'",
                        "between 0 and 1", "(fraction)", "found 1.5"});
  msg = error_for("s.toml", R"(
[run]
scale = 0
)");
  expect_contains(msg, {at("s.toml", 2), "key 'run.scale'", "expected a number > 0 and <= 2",
                        "found 0"});
  msg = error_for("n.toml", R"(
[run]
seed = -1
)");
  expect_contains(msg, {at("n.toml", 2), "key 'run.seed'", "expected an integer >= 0", "found -1"});
  msg = error_for("k.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015
premium_change = 2.5
)");
  expect_contains(msg, {at("k.toml", 4), "key 'policy[1].premium_change'",
                        "between -1 and 2 (fraction)", "found 2.5"});
}

TEST_F(ScenarioTest, ErrorRunYears) {
  std::string msg = error_for("a.toml", R"(
[run]
start_year = 2005
)");
  expect_contains(msg, {at("a.toml", 2), "key 'run.start_year'",
                        "expected an integer year between 2010 and 2100", "found 2005"});
  msg = error_for("b.toml", R"(
[run]
start_year = 2030
end_year = 2020
)");
  expect_contains(msg, {at("b.toml", 3), "key 'run.end_year'", "run.start_year (2030)",
                        "found 2020"});
  msg = error_for("c.toml", R"(
[run]
end_year = 2101
)");
  expect_contains(msg, {at("c.toml", 2), "key 'run.end_year'", "between 2010 and 2100",
                        "found 2101"});
  // A child that moves start_year past the inherited end_year is blamed.
  write("base.toml", "[run]\nend_year = 2030\n");
  msg = error_for("d.toml", R"(
extends = "base.toml"
[run]
start_year = 2031
)");
  expect_contains(msg, {at("d.toml", 3), "key 'run.start_year'", "run.end_year (2030)",
                        "found 2031"});
}

TEST_F(ScenarioTest, ErrorPolicyYears) {
  std::string msg = error_for("p.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015

[[policy]]
instrument = "research_funding_mix"
start = 2020
end = 2018
)");
  expect_contains(msg, {at("p.toml", 8), "key 'policy[2].end'",
                        "between the block's start (2020) and 2100", "found 2018"});
  msg = error_for("q.toml", R"(
[[shock]]
shock = "export_controls"
start = 2101
)");
  expect_contains(msg, {at("q.toml", 3), "key 'shock[1].start'", "and 2100", "found 2101"});
  msg = error_for("r.toml", R"(
[[shock]]
shock = "export_controls"
start = "2020"
)");
  expect_contains(msg, {at("r.toml", 3), "key 'shock[1].start'", "expected an integer year",
                        "found a string \"2020\""});
}

TEST_F(ScenarioTest, ErrorUnknownInstrumentOrShock) {
  std::string msg = error_for("u.toml", R"(
[[policy]]
instrument = "talent_program"
start = 2015
)");
  expect_contains(msg, {at("u.toml", 2), "key 'policy[1].instrument'", "unknown instrument",
                        "research_funding_mix", "talent_programme",
                        "did you mean 'talent_programme'?"});
  msg = error_for("v.toml", R"(
[[shock]]
shock = "export_control"
start = 2015
)");
  expect_contains(msg, {at("v.toml", 2), "key 'shock[1].shock'", "unknown shock",
                        "did you mean 'export_controls'?"});
  // A shock named in a [[policy]] block.
  msg = error_for("w.toml", R"(
[[policy]]
instrument = "export_controls"
start = 2015
)");
  expect_contains(msg, {at("w.toml", 2), "key 'policy[1].instrument'", "is a shock",
                        "[[shock]]"});
}

TEST_F(ScenarioTest, ErrorUnknownKeyInPolicyBlock) {
  std::string msg = error_for("k.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015
recruits_per_yer = 10
)");
  expect_contains(msg, {at("k.toml", 4), "key 'policy[1].recruits_per_yer'",
                        "recruits_per_year, premium_change",
                        "did you mean 'recruits_per_year'?"});
}

TEST_F(ScenarioTest, ErrorMissingInstrumentOrShockName) {
  std::string msg = error_for("m.toml", R"(
[run]
seed = 1

[[policy]]
start = 2015
)");
  expect_contains(msg, {at("m.toml", 4), "key 'policy[1].instrument'", "missing required key",
                        "research_funding_mix", "talent_programme"});
  msg = error_for("n.toml", R"(
[[shock]]
start = 2015
)");
  expect_contains(msg, {at("n.toml", 1), "key 'shock[1].shock'", "missing required key",
                        "export_controls"});
}

TEST_F(ScenarioTest, ErrorMissingStart) {
  std::string msg = error_for("s.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015

[[policy]]
instrument = "talent_programme"
end = 2020
)");
  expect_contains(msg, {at("s.toml", 5), "key 'policy[2].start'", "missing required key 'start'",
                        "an integer year between"});
}

TEST_F(ScenarioTest, ErrorRegionsAndActors) {
  std::string msg = error_for("r.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015
regions = ["beijing", "Guangdong"]
)");
  expect_contains(msg, {at("r.toml", 4), "key 'policy[1].regions[2]'",
                        "beijing, yangtze, guangdong, rest", "did you mean 'guangdong'?"});
  msg = error_for("a.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015
actors = ["universty"]
)");
  expect_contains(msg, {at("a.toml", 4), "key 'policy[1].actors[1]'", "actor kinds",
                        "did you mean 'university'?"});
}

TEST_F(ScenarioTest, ErrorCircularExtends) {
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "extends = \"c.toml\"\n[run]\nseed = 2\n");
  write("c.toml", "# c\nextends = \"a.toml\"\n");
  std::string msg = error_loading(dir_ / "a.toml");
  // The cycle closes at c.toml line 2; the message names the whole cycle.
  expect_contains(msg, {at("c.toml", 2), "key 'extends'", "circular extends",
                        (dir_ / "a.toml").string() + " -> " + (dir_ / "b.toml").string() +
                            " -> " + (dir_ / "c.toml").string() + " -> " +
                            (dir_ / "a.toml").string()});
  write("self.toml", "extends = \"self.toml\"\n");
  expect_contains(error_loading(dir_ / "self.toml"), {at("self.toml", 1), "circular extends"});
}

TEST_F(ScenarioTest, ErrorMissingExtendsFile) {
  std::string msg = error_for("child.toml", R"(
# comment
extends = "nothere.toml"
)");
  expect_contains(msg, {at("child.toml", 2), "key 'extends'", "does not exist",
                        "expected a TOML file", "nothere.toml"});
}

TEST_F(ScenarioTest, ErrorInParentIsReportedInTheParent) {
  write("base.toml", "[run]\n\nthreads = -2\n");
  std::string msg = error_for("child.toml", "extends = \"base.toml\"\n");
  expect_contains(msg, {at("base.toml", 3), "key 'run.threads'", "found -2"});
}

TEST_F(ScenarioTest, ErrorMissingScenarioFile) {
  std::string msg = error_loading(dir_ / "missing.toml");
  expect_contains(msg, {(dir_ / "missing.toml").string(), "does not exist",
                        "expected a TOML file"});
  EXPECT_THROW(load_scenario(dir_), ScenarioError);  // a directory
}

TEST_F(ScenarioTest, ErrorSetWithoutEquals) {
  fs::path p = write("ok.toml", "");
  std::string msg = error_loading(p, {"run.seed=3", "run.seed 7"});
  expect_contains(msg, {"--set argument 2", "expected KEY=VALUE", "found 'run.seed 7'"});
  try {
    load_scenario(p, {"run.seed 7"});
    ADD_FAILURE();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--set");
    EXPECT_EQ(e.where().column, 1);
  }
}

TEST_F(ScenarioTest, ErrorSetUnknownKey) {
  fs::path p = write("ok.toml", "");
  expect_contains(error_loading(p, {"params.projct_funding_share=0.5"}),
                  {"--set argument 1", "key 'params.projct_funding_share'", "unknown key",
                   "did you mean 'params.project_funding_share'"});
  expect_contains(error_loading(p, {"projct_funding_share=0.5"}),
                  {"key 'projct_funding_share'", "did you mean 'project_funding_share'"});
  expect_contains(error_loading(p, {"run.sed=1"}), {"key 'run.sed'", "did you mean 'run.seed'?"});
  expect_contains(error_loading(p, {"seed=1"}), {"key 'seed'", "did you mean 'run.seed'?"});
  expect_contains(error_loading(p, {"outputs.sqlit=true"}),
                  {"key 'outputs.sqlit'", "outputs.csv, outputs.sqlite, outputs.indicators",
                   "did you mean 'outputs.sqlite'?"});
  expect_contains(error_loading(p, {"policy[1].start=2020"}),
                  {"key 'policy[1].start'", "no [[policy]] blocks"});
}

TEST_F(ScenarioTest, ErrorSetValueNotANumberOrBool) {
  fs::path p = write("ok.toml", R"(
[[policy]]
instrument = "talent_programme"
start = 2015
)");
  expect_contains(error_loading(p, {"run.seed=1", "params.project_funding_share=abc"}),
                  {"--set argument 2", "key 'params.project_funding_share'",
                   "expected a number between 0 and 1 (fraction)", "found 'abc'"});
  expect_contains(error_loading(p, {"outputs.csv=yes"}),
                  {"--set argument 1", "key 'outputs.csv'", "expected true or false", "found 'yes'"});
  expect_contains(error_loading(p, {"run.seed=7.5"}), {"key 'run.seed'", "expected an integer"});
  expect_contains(error_loading(p, {"project_funding_share=2"}),
                  {"key 'project_funding_share'", "between 0 and 1", "found 2"});
  expect_contains(error_loading(p, {"policy[1].end=2010"}),
                  {"--set argument 1", "key 'policy[1].end'", "block's start (2015)"});
  expect_contains(error_loading(p, {"run.start_year=2040", "run.end_year=2030"}),
                  {"--set argument 2", "key 'run.end_year'", "run.start_year (2040)"});
}

}  // namespace
}  // namespace nisim::scenario
