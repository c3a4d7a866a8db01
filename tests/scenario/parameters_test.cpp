#include <nisim/scenario/parameters.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include <nisim/engine/csv.hpp>

namespace nisim::scenario {
namespace {

const std::string kHeader = "name,unit,default,min,max,integer,calibrated,source,description\n";

std::string table_error(const std::string& rows) {
  try {
    parse_parameter_table(kHeader + rows, "params.csv");
  } catch (const engine::CsvError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a CsvError for:\n" << rows;
  return "";
}

void expect_contains(const std::string& msg, const std::vector<std::string>& parts) {
  for (const auto& p : parts)
    EXPECT_NE(msg.find(p), std::string::npos) << "missing '" << p << "' in: " << msg;
}

TEST(Parameters, EmbeddedTableLoadsAndIsConsistent) {
  const auto& specs = parameter_specs();
  ASSERT_FALSE(specs.empty());
  std::set<std::string> names;
  for (const auto& p : specs) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_LE(p.min, p.default_value) << p.name;
    EXPECT_LE(p.default_value, p.max) << p.name;
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_TRUE(p.calibrated || !p.source.empty()) << p.name;
    if (p.integer) EXPECT_EQ(std::floor(p.default_value), p.default_value) << p.name;
  }
  EXPECT_EQ(&parameter_specs(), &specs);  // parsed once
}

TEST(Parameters, FindParameter) {
  const ParamSpec* p = find_parameter("project_funding_share");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->unit, "fraction");
  EXPECT_DOUBLE_EQ(p->default_value, 0.7);
  EXPECT_DOUBLE_EQ(p->min, 0);
  EXPECT_DOUBLE_EQ(p->max, 1);
  EXPECT_FALSE(p->integer);
  const ParamSpec* c = find_parameter("project_cycle_years");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->integer);
  EXPECT_EQ(find_parameter("no_such_parameter"), nullptr);
  EXPECT_EQ(find_parameter(""), nullptr);
}

TEST(Parameters, ParsesAValidTable) {
  auto specs = parse_parameter_table(
      kHeader + "a_rate,fraction/year,0.1,0,1,0,0,\"Brief 001, fig 2\",A rate\n"
                "b_count,1,3,1,5,1,1,,Calibrated count\n",
      "t.csv");
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].name, "a_rate");
  EXPECT_EQ(specs[0].source, "Brief 001, fig 2");
  EXPECT_DOUBLE_EQ(specs[0].default_value, 0.1);
  EXPECT_TRUE(specs[1].integer);
  EXPECT_TRUE(specs[1].calibrated);
}

TEST(Parameters, RejectsBrokenTables) {
  expect_contains(table_error("a,1,2,0,1,0,0,src,d\n"),
                  {"params.csv:2", "'a'", "min <= default <= max"});
  expect_contains(table_error("ok,1,0.5,0,1,0,0,src,d\nb,1,0.5,1,0,0,0,src,d\n"),
                  {"params.csv:3", "'b'", "min <= default <= max"});
  expect_contains(table_error("a,1,0.5,0,1,2,0,src,d\n"), {"params.csv:2", "'integer'", "0 or 1"});
  expect_contains(table_error("a,1,0.5,0,1,0,yes,src,d\n"), {"'calibrated'", "0 or 1"});
  expect_contains(table_error("a,1,2.5,0,10,1,0,src,d\n"), {"'a'", "whole"});
  expect_contains(table_error("a,1,0.5,0,1,0,0,src,d\na,1,0.5,0,1,0,0,src,d\n"),
                  {"params.csv:3", "twice"});
  expect_contains(table_error("a,1,0.5,0,1,0,0,,d\n"), {"'a'", "source"});
  expect_contains(table_error("a,,0.5,0,1,0,0,src,d\n"), {"'a'", "unit"});
  expect_contains(table_error("A b,1,0.5,0,1,0,0,src,d\n"), {"name"});
  expect_contains(table_error("a,1,half,0,1,0,0,src,d\n"), {"params.csv:2", "default", "half"});
  expect_contains(table_error("a,1,0.5,0,1,0,0,src\n"), {"params.csv:2", "cells"});
  EXPECT_THROW(parse_parameter_table("name,unit\na,1\n", "x.csv"), engine::CsvError);
}

TEST(Suggest, FindsTyposTranspositionsAndPrefixes) {
  std::vector<std::string> names = {"project_funding_share", "project_cycle_years", "seed",
                                    "scale", "start_year", "end_year"};
  auto s = suggest("projct_funding_share", names);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0], "project_funding_share");
  EXPECT_EQ(suggest("sede", names).at(0), "seed");        // transposition: distance 1
  EXPECT_EQ(suggest("Scale", names).at(0), "scale");      // case-insensitive
  EXPECT_EQ(suggest("project_cycle", names).at(0), "project_cycle_years");  // prefix
  EXPECT_TRUE(suggest("zzzzzz", names).empty());
  EXPECT_TRUE(suggest("", names).empty());
  EXPECT_TRUE(suggest("x", {"y", "end"}).empty());  // short names: no wild guesses
}

TEST(Suggest, BestFirstAndAtMostThree) {
  std::vector<std::string> names = {"abcdx", "abcde", "abcxy", "abcdef", "abcd"};
  auto s = suggest("abcde", names);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "abcde");  // exact match first
  EXPECT_EQ(s[1], "abcdx");  // distance 1, earlier in the list than abcdef / abcd
  EXPECT_EQ(s[2], "abcdef");
  EXPECT_EQ(suggest("ab", {"abc"}).size(), 1u);  // distance 1
}

}  // namespace
}  // namespace nisim::scenario
