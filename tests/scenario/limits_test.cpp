// The documented limits on scenario input (scenario/limits.hpp): each is refused with the
// file, the line where there is one, and the limit; messages quote long values shortened.
#include <nisim/scenario/limits.hpp>

#include <gtest/gtest.h>

#include <string>

#include <fmt/format.h>

#include <nisim/scenario/parameters.hpp>
#include <nisim/scenario/scenario.hpp>

#include "../output/temp_dir.hpp"

namespace nisim::scenario {
namespace {

using test_support::TempDir;
using test_support::write_file;

std::string error_of(const std::filesystem::path& file, const std::vector<std::string>& sets = {}) {
  try {
    (void)load_scenario(file, sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

void expect_has(const std::string& msg, const std::string& part) {
  EXPECT_NE(msg.find(part), std::string::npos) << "missing \"" << part << "\" in: " << msg.substr(0, 600);
}

TEST(Shorten, KeepsShortTextAndCutsLongTextWithItsLength) {
  EXPECT_EQ(shorten("abc", 10), "abc");
  EXPECT_EQ(shorten(std::string(100, 'x'), 4), "xxxx… (100 bytes)");
  // Never inside a UTF-8 sequence: "é" is two bytes; cutting after 3 bytes keeps "aé".
  EXPECT_EQ(shorten("aéé", 2), "a… (5 bytes)");
}

TEST(ScenarioLimits, AKeyOverTheLimitIsRefusedAtItsLineAndQuotedShortened) {
  TempDir d;
  const std::string key(kMaxNameBytes + 1, 'k');
  write_file(d / "s.toml", "[params]\n" + key + " = 1\n");
  const auto m = error_of(d / "s.toml");
  expect_has(m, (d / "s.toml").string() + ":2:");
  expect_has(m, fmt::format("at most {} bytes", kMaxNameBytes));
  EXPECT_LT(m.size(), 600u);
}

TEST(ScenarioLimits, AMegabyteKeyIsRefusedQuicklyWithAShortMessage) {
  TempDir d;
  write_file(d / "s.toml", "[params]\n" + std::string(1'000'000, 'k') + " = 1\n");
  const auto m = error_of(d / "s.toml");
  expect_has(m, "at most 128 bytes");
  EXPECT_LT(m.size(), 600u);
}

TEST(ScenarioLimits, ALongNameInAListIsRefused) {
  TempDir d;
  write_file(d / "s.toml", fmt::format("[[policy]]\ninstrument = \"megaprojects\"\nstart = 2020\nareas = [\"{}\"]\n",
                                       std::string(kMaxNameBytes + 1, 'a')));
  const auto m = error_of(d / "s.toml");
  expect_has(m, ":4:");
  expect_has(m, "a name in a list");
}

TEST(ScenarioLimits, AFileOverOneMebibyteIsRefusedNamingTheLimit) {
  TempDir d;
  write_file(d / "s.toml", "# " + std::string(kMaxScenarioFileBytes, 'x') + "\n");
  const auto m = error_of(d / "s.toml");
  expect_has(m, (d / "s.toml").string());
  expect_has(m, "1 MiB");
}

TEST(ScenarioLimits, MoreBlocksThanTheLimitAreRefused) {
  TempDir d;
  std::string text;
  for (std::size_t i = 0; i <= kMaxBlocks; ++i) text += "[[policy]]\ninstrument = \"megaprojects\"\nstart = 2020\n";
  write_file(d / "s.toml", text);
  const auto m = error_of(d / "s.toml");
  expect_has(m, fmt::format("at most {} [[policy]] and [[shock]] blocks", kMaxBlocks));
}

TEST(ScenarioLimits, BlocksAcrossTheExtendsChainCountTogether) {
  TempDir d;
  std::string half;
  for (std::size_t i = 0; i < kMaxBlocks / 2 + 1; ++i) half += "[[policy]]\ninstrument = \"megaprojects\"\nstart = 2020\n";
  write_file(d / "parent.toml", half);
  write_file(d / "child.toml", "extends = \"parent.toml\"\n" + half);
  expect_has(error_of(d / "child.toml"), "in the scenario and the files it extends");
}

TEST(ScenarioLimits, ANulByteInAnExtendsPathIsRefusedNotTruncated) {
  TempDir d;
  write_file(d / "base.toml", "");
  write_file(d / "s.toml", "extends = \"base.toml\\u0000.ignored\"\n");
  const auto m = error_of(d / "s.toml");
  expect_has(m, ":1:");
  expect_has(m, "NUL byte");
}

TEST(ScenarioLimits, ADeviceOrFifoAsParentIsRefused) {
  TempDir d;
  write_file(d / "s.toml", "extends = \"/dev/zero\"\n");
  expect_has(error_of(d / "s.toml"), "character device, not a regular file");
  write_file(d / "u.toml", "extends = \"/proc/self/mem\"\n");
  expect_has(error_of(d / "u.toml"), "could not be read to the end");
}

TEST(ScenarioLimits, ALongExtendsChainIsRefused) {
  TempDir d;
  write_file(d / "f0.toml", "");
  for (std::size_t i = 1; i <= kMaxExtendsDepth; ++i)
    write_file(d / fmt::format("f{}.toml", i), fmt::format("extends = \"f{}.toml\"\n", i - 1));
  expect_has(error_of(d / fmt::format("f{}.toml", kMaxExtendsDepth)), fmt::format("at most {} files", kMaxExtendsDepth));
  EXPECT_EQ(error_of(d / fmt::format("f{}.toml", kMaxExtendsDepth - 1)), "(accepted)");
}

TEST(ScenarioLimits, ALongSetArgumentIsRefusedAndQuotedShortened) {
  TempDir d;
  write_file(d / "s.toml", "");
  const auto m = error_of(d / "s.toml", {"params.cit_rate=" + std::string(kMaxSetArgumentBytes, '9')});
  expect_has(m, "--set argument 1");
  expect_has(m, fmt::format("at most {} bytes", kMaxSetArgumentBytes));
  EXPECT_LT(m.size(), 400u);
}

TEST(ScenarioLimits, ControlBytesOfTheInputAreEscapedInMessages) {
  TempDir d;
  write_file(d / "s.toml", "[params]\n\"bad\\u001b[31mkey\" = 1\n");
  const auto m = error_of(d / "s.toml");
  EXPECT_EQ(m.find('\x1b'), std::string::npos) << m;
  expect_has(m, "\\x1B[31m");
}

TEST(Suggest, ANameFarLongerThanAnyKeyGetsNoSuggestion) {
  // 300 bytes of a real key repeated would match by prefix; the bound skips the work.
  std::string name;
  while (name.size() < 300) name += "cit_rate";
  EXPECT_TRUE(suggest(name, {"cit_rate"}).empty());
  EXPECT_EQ(suggest("cit_rat", {"cit_rate"}), std::vector<std::string>{"cit_rate"});
}

}  // namespace
}  // namespace nisim::scenario
