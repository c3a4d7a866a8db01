#include <gtest/gtest.h>

#include <cmath>

#include <nisim/model/exogenous.hpp>

namespace nisim::model {
namespace {

TEST(Exogenous, InterpolatesInsideAndGrowsAfterTheData) {
  YearlySeries s;
  s.set(2010, 100);
  s.set(2012, 200);
  EXPECT_DOUBLE_EQ(s.at(2010, 0.1), 100);
  EXPECT_DOUBLE_EQ(s.at(2011, 0.1), 150);
  EXPECT_DOUBLE_EQ(s.at(2005, 0.1), 100);
  EXPECT_NEAR(s.at(2014, 0.1), 200 * 1.21, 1e-9);
}

TEST(Exogenous, ChinaSeriesMatchTheCalibrationData) {
  const auto& e = china_exogenous();
  EXPECT_DOUBLE_EQ(e.gdp_cny_bn.at(2010, 0), 41211.9);
  EXPECT_DOUBLE_EQ(e.gdp_cny_bn.at(2023, 0), 126058.2);
  EXPECT_DOUBLE_EQ(e.graduates_doctoral.at(2022, 0), 82320);
  EXPECT_THROW(parse_exogenous("series,year,value\nfoo,2010,1\n", "x.csv"), std::invalid_argument);
}

}  // namespace
}  // namespace nisim::model
