#include <gtest/gtest.h>
#include <nisim/engine/invariants.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace nisim::engine {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Invariants, NonFiniteValueNamesTickMonthAndVariable) {
  try {
    check_finite(13, 2010, "researchers.salary", std::nan(""));
    FAIL() << "expected InvariantError";
  } catch (const InvariantError& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(contains(msg, "invariant broken at tick 13 (2011-02): researchers.salary: "))
        << msg;
    EXPECT_TRUE(contains(msg, "nan")) << msg;
    EXPECT_EQ(e.tick(), 13);
    EXPECT_EQ(e.year(), 2011);
    EXPECT_EQ(e.month(), 2);
    EXPECT_EQ(e.variable(), "researchers.salary");
  }
  try {
    check_finite(0, 2020, "x", -std::numeric_limits<double>::infinity());
    FAIL() << "expected InvariantError";
  } catch (const InvariantError& e) {
    EXPECT_TRUE(contains(e.what(), "tick 0 (2020-01): x: ")) << e.what();
    EXPECT_TRUE(contains(e.what(), "-inf")) << e.what();
  }
  EXPECT_NO_THROW(check_finite(0, 2010, "x", 1e308));
}

TEST(Invariants, CheckCloseReportsBothValues) {
  try {
    check_close(311, 2010, "budget.balance", 100.5, 100.25, 1e-9, 1e-6,
                "allocated != spent + carried over");
    FAIL() << "expected InvariantError";
  } catch (const InvariantError& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(contains(msg, "invariant broken at tick 311 (2035-12): budget.balance: "))
        << msg;
    EXPECT_TRUE(contains(msg, "allocated != spent + carried over")) << msg;
    EXPECT_TRUE(contains(msg, "100.5")) << msg;
    EXPECT_TRUE(contains(msg, "100.25")) << msg;
    EXPECT_TRUE(contains(msg, "0.25")) << msg;  // the difference
    EXPECT_TRUE(contains(e.detail(), "100.25"));
  }
}

TEST(Invariants, CheckCloseTolerances) {
  EXPECT_NO_THROW(check_close(0, 2010, "v", 1e12, 1e12 + 1, 1e-9, 0, ""));  // relative
  EXPECT_NO_THROW(check_close(0, 2010, "v", 0.0, 1e-7, 0, 1e-6, ""));       // absolute
  EXPECT_THROW(check_close(0, 2010, "v", 1.0, 1.0 + 1e-6, 1e-9, 1e-9, ""), InvariantError);
  EXPECT_THROW(check_close(0, 2010, "v", std::nan(""), 1.0, 1, 1, ""), InvariantError);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(check_close(0, 2010, "v", inf, inf, 1, 1, ""), InvariantError);
}

TEST(Invariants, IsARuntimeError) {
  try {
    check_finite(5, 2010, "v", std::nan(""));
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), "2010-06"));
    return;
  }
  FAIL();
}

}  // namespace
}  // namespace nisim::engine
