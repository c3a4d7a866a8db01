#include <gtest/gtest.h>

#include <nisim/model/areas.hpp>

namespace nisim::model {
namespace {

TEST(Areas, DefaultListHasAboutFiftyAreasAnd35Strangleholds) {
  const auto& a = default_tech_areas();
  EXPECT_GE(a.size(), 45u);
  EXPECT_LE(a.size(), 60u);
  int strangle = 0, novel = 0;
  for (const auto& x : a) {
    strangle += x.stranglehold;
    novel += x.novel;
    EXPECT_GT(x.initial_capability, 0) << x.id;
    EXPECT_LT(x.initial_capability, 1) << x.id;
  }
  EXPECT_EQ(strangle, 35);
  EXPECT_GT(novel, 0);
  EXPECT_LT(novel, int(a.size()));
}

const char* kHeader =
    "id,name,sector,novelty,stranglehold,export_control_2019,export_control_2022,export_control_2023,"
    "frontier_growth,initial_capability_ratio,foreign_dependence,demand_weight,source\n";

TEST(Areas, BadRowsAreRejectedWithLineAndColumn) {
  const std::string bad_novelty = std::string(kHeader) + "x,X,other,new,0,0,0,0,0.03,0.5,0.5,1,s\n";
  try {
    parse_tech_areas(bad_novelty, "t.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("novelty"), std::string::npos) << e.what();
  }
  const std::string bad_cap = std::string(kHeader) + "x,X,other,novel,0,0,0,0,0.03,1.5,0.5,1,s\n";
  EXPECT_THROW(parse_tech_areas(bad_cap, "t.csv"), std::invalid_argument);
  const std::string dup = std::string(kHeader) + "x,X,other,novel,0,0,0,0,0.03,0.5,0.5,1,s\nx,Y,other,novel,0,0,0,0,0.03,0.5,0.5,1,s\n";
  EXPECT_THROW(parse_tech_areas(dup, "t.csv"), std::invalid_argument);
}

}  // namespace
}  // namespace nisim::model
