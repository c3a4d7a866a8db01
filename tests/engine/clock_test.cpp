#include <gtest/gtest.h>
#include <nisim/engine/clock.hpp>

namespace nisim::engine {
namespace {

TEST(Clock, TicksAreMonthsSinceJanuaryOfTheStartYear) {
  EXPECT_EQ((Clock{2010, 0}.year()), 2010);
  EXPECT_EQ((Clock{2010, 0}.month()), 1);
  EXPECT_EQ((Clock{2010, 11}.month()), 12);
  EXPECT_EQ((Clock{2010, 12}.year()), 2011);
  EXPECT_EQ((Clock{2010, 12}.month()), 1);
  EXPECT_EQ((Clock{2010, 13}.month()), 2);
  EXPECT_EQ((Clock{2010, 311}.year()), 2035);
  EXPECT_EQ((Clock{2010, 311}.month()), 12);
  EXPECT_TRUE((Clock{2010, 24}.is_january()));
}

TEST(Clock, NegativeTicksAreBeforeTheStart) {
  EXPECT_EQ((Clock{2010, -1}.year()), 2009);
  EXPECT_EQ((Clock{2010, -1}.month()), 12);
  EXPECT_EQ((Clock{2010, -12}.year()), 2009);
  EXPECT_EQ((Clock{2010, -12}.month()), 1);
  EXPECT_EQ((Clock{2010, -13}.year()), 2008);
  EXPECT_EQ((Clock{2010, -13}.month()), 12);
}

TEST(Clock, YearMonthAndTickOfRoundTrip) {
  EXPECT_EQ((Clock{2010, 13}.year_month()), "2011-02");
  EXPECT_EQ((Clock{2010, 9}.year_month()), "2010-10");
  const Clock c{2015, 0};
  for (int t = -30; t < 300; ++t) {
    const Clock d{2015, t};
    EXPECT_EQ(c.tick_of(d.year(), d.month()), t);
  }
  static_assert(Clock{2010, 25}.month() == 2);
}

}  // namespace
}  // namespace nisim::engine
