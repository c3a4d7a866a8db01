#include <gtest/gtest.h>

#include <nisim/model/params.hpp>
#include <nisim/scenario/parameters.hpp>

namespace nisim::model {
namespace {

TEST(Params, StructHoldsExactlyTheTableParameters) {
  std::vector<std::string> table;
  for (const auto& s : scenario::parameter_specs()) table.push_back(s.name);
  EXPECT_EQ(Params::names(), table);
}

TEST(Params, FromMapReadsValuesAndNamesWhatIsMissing) {
  std::map<std::string, double> m;
  for (const auto& s : scenario::parameter_specs()) m[s.name] = s.default_value;
  m["rate_basic"] = 3.5;
  EXPECT_DOUBLE_EQ(Params::from_map(m).rate_basic, 3.5);
  m.erase("cit_rate");
  try {
    (void)Params::from_map(m);
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("cit_rate"), std::string::npos);
  }
}

TEST(Params, EveryParameterHasUnitSourceAndDescription) {
  for (const auto& s : scenario::parameter_specs()) {
    EXPECT_FALSE(s.unit.empty()) << s.name;
    EXPECT_FALSE(s.source.empty()) << s.name;
    EXPECT_FALSE(s.description.empty()) << s.name;
    EXPECT_LE(s.min, s.default_value) << s.name;
    EXPECT_LE(s.default_value, s.max) << s.name;
  }
}

}  // namespace
}  // namespace nisim::model
