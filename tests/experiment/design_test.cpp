#include <gtest/gtest.h>
#include <nisim/engine/rng.hpp>
#include <nisim/experiment/design.hpp>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace nisim::experiment {
namespace {

std::vector<ParamRange> three_params() {
  return {{"a", -2, 3}, {"b", 0.1, 0.3}, {"c", 1e-3, 7, true}};
}

// Runs f and returns the std::invalid_argument message ("" if nothing was thrown).
template <class F>
std::string invalid_argument_message(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_INVALID(expr, fragment)                                       \
  do {                                                                       \
    const std::string msg = invalid_argument_message([&] { (void)(expr); }); \
    EXPECT_NE(msg, "") << #expr " did not throw std::invalid_argument";      \
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;                 \
  } while (0)

TEST(DesignUnit, EndpointsAreExact) {
  for (const auto& p : three_params()) {
    EXPECT_EQ(from_unit(p, 0), p.lo) << p.name;
    EXPECT_EQ(from_unit(p, 1), p.hi) << p.name;
    EXPECT_EQ(to_unit(p, p.lo), 0) << p.name;
    EXPECT_EQ(to_unit(p, p.hi), 1) << p.name;
  }
}

TEST(DesignUnit, RoundTripsAndMapsLinearlyOrInLogSpace) {
  for (const auto& p : three_params())
    for (double u = 0; u <= 1; u += 0.0625) EXPECT_NEAR(to_unit(p, from_unit(p, u)), u, 1e-13) << p.name;
  EXPECT_DOUBLE_EQ(from_unit({"x", -2, 3}, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(from_unit({"x", 1, 100, true}, 0.5), 10);  // geometric midpoint
}

TEST(DesignUnit, IntegerRoundsHalfAwayFromZero) {
  const ParamRange pos{"n", 0, 10, false, true}, neg{"m", -10, 0, false, true};
  EXPECT_EQ(from_unit(pos, 0.25), 3);  // 2.5
  EXPECT_EQ(from_unit(pos, 0.24), 2);
  EXPECT_EQ(from_unit(neg, 0.75), -3);  // -2.5
  EXPECT_EQ(from_unit(pos, 1), 10);
  EXPECT_EQ(from_unit(pos, 0), 0);
}

TEST(DesignUnit, BadRangesAndPositionsThrowNamingTheParameter) {
  EXPECT_INVALID(from_unit({"share", 1, 1}, 0.5), "'share'");
  EXPECT_INVALID(from_unit({"share", 2, 1}, 0.5), "below the upper bound");
  EXPECT_INVALID(from_unit({"rate", 0, 1, true}, 0.5), "positive lower bound");
  EXPECT_INVALID(from_unit({"rate", -1, 1, true}, 0.5), "'rate'");
  EXPECT_INVALID(from_unit({"x", NAN, 1}, 0.5), "finite");
  EXPECT_INVALID(from_unit({"x", 0, INFINITY}, 0.5), "finite");
  EXPECT_INVALID(from_unit({"x", 0, 1}, 1.5), "[0, 1]");
  EXPECT_INVALID(from_unit({"x", 0, 1}, NAN), "[0, 1]");
  EXPECT_INVALID(to_unit({"x", 0, 1}, 2), "outside its range");
}

TEST(DesignKinds, NamesRoundTripAndUnknownNamesListTheValidOnes) {
  for (auto k : {DesignKind::Factorial, DesignKind::Lhs, DesignKind::Sobol, DesignKind::Morris,
                 DesignKind::File})
    EXPECT_EQ(parse_design_kind(design_kind_name(k)), k);
  EXPECT_INVALID(parse_design_kind("latin"), "factorial, lhs, sobol, morris, file");
}

TEST(DesignFactorial, EveryCombinationWithTheLastParameterFastest) {
  const std::vector<ParamRange> ps = {{"a", 0, 1}, {"b", 10, 20}, {"c", -1, 1}};
  const Design d = factorial(ps, 3);
  EXPECT_EQ(d.kind, DesignKind::Factorial);
  ASSERT_EQ(d.points.size(), 27u);
  EXPECT_EQ(d.points[0], (std::vector<double>{0, 10, -1}));
  EXPECT_EQ(d.points[1], (std::vector<double>{0, 10, 0}));
  EXPECT_EQ(d.points[3], (std::vector<double>{0, 15, -1}));
  EXPECT_EQ(d.points[26], (std::vector<double>{1, 20, 1}));
  std::set<std::vector<double>> distinct(d.points.begin(), d.points.end());
  EXPECT_EQ(distinct.size(), 27u);
  for (double a : {0.0, 1.0})
    for (double b : {10.0, 20.0})
      for (double c : {-1.0, 1.0}) EXPECT_TRUE(distinct.count({a, b, c})) << a << " " << b << " " << c;
}

TEST(DesignFactorial, LogParametersHaveGeometricLevels) {
  const Design d = factorial({{"rate", 1, 1000, true}}, 4);
  ASSERT_EQ(d.points.size(), 4u);
  const double expected[] = {1, 10, 100, 1000};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(d.points[i][0], expected[i], 1e-12 * expected[i]);
}

TEST(DesignFactorial, RejectsBadLevelsAndHugeDesigns) {
  EXPECT_INVALID(factorial(three_params(), 1), "levels");
  EXPECT_INVALID(factorial(std::vector<ParamRange>(7, ParamRange{"x", 0, 1}), 10), "twice");
  std::vector<ParamRange> many;
  for (int i = 0; i < 7; ++i) many.push_back({"p" + std::to_string(i), 0, 1});
  EXPECT_INVALID(factorial(many, 10), "1000000");
  EXPECT_INVALID(factorial({}, 2), "at least one parameter");
  EXPECT_INVALID(factorial({{"bad", 3, 1}}, 2), "'bad'");
}

TEST(DesignLhs, EachStratumIsUsedOncePerParameter) {
  const int n = 64;
  const auto ps = three_params();
  const Design d = latin_hypercube(ps, n, 42);
  EXPECT_EQ(d.kind, DesignKind::Lhs);
  ASSERT_EQ(d.points.size(), std::size_t(n));
  for (std::size_t j = 0; j < ps.size(); ++j) {
    std::set<int> strata;
    for (const auto& pt : d.points) {
      EXPECT_GE(pt[j], ps[j].lo);
      EXPECT_LE(pt[j], ps[j].hi);
      strata.insert(static_cast<int>(std::floor(to_unit(ps[j], pt[j]) * n)));
    }
    EXPECT_EQ(strata.size(), std::size_t(n)) << ps[j].name;
    EXPECT_EQ(*strata.begin(), 0);
    EXPECT_EQ(*strata.rbegin(), n - 1);
  }
}

TEST(DesignLhs, SameSeedSameDesignOtherSeedOtherDesign) {
  const auto ps = three_params();
  EXPECT_EQ(latin_hypercube(ps, 20, 7).points, latin_hypercube(ps, 20, 7).points);
  EXPECT_NE(latin_hypercube(ps, 20, 7).points, latin_hypercube(ps, 20, 8).points);
  EXPECT_EQ(latin_hypercube(ps, 1, 7).points.size(), 1u);
  EXPECT_INVALID(latin_hypercube(ps, 0, 7), "at least 1");
}

TEST(DesignSaltelli, GroupsAreABThenEachABi) {
  const auto ps = three_params();
  const int n = 16;
  const std::size_t k = ps.size();
  const Design d = saltelli(ps, n, 0);
  EXPECT_EQ(d.kind, DesignKind::Sobol);
  ASSERT_EQ(d.points.size(), n * (k + 2));
  for (int g = 0; g < n; ++g) {
    const std::size_t first = g * (k + 2);
    const auto &a = d.points[first], &b = d.points[first + 1];
    EXPECT_EQ(d.role[first], "A");
    EXPECT_EQ(d.role[first + 1], "B");
    if (g > 0) EXPECT_NE(a, b) << g;  // the first sample is the centre in both (see below)
    for (std::size_t i = 0; i < k; ++i) {
      const auto& ab = d.points[first + 2 + i];
      EXPECT_EQ(d.role[first + 2 + i], "AB" + std::to_string(i + 1));
      for (std::size_t j = 0; j < k; ++j) EXPECT_EQ(ab[j], j == i ? b[j] : a[j]) << g << " " << i << " " << j;
    }
    for (std::size_t r = 0; r < k + 2; ++r) {
      EXPECT_EQ(d.group[first + r], g);
      for (std::size_t j = 0; j < k; ++j) {
        EXPECT_GE(d.points[first + r][j], ps[j].lo);
        EXPECT_LE(d.points[first + r][j], ps[j].hi);
      }
    }
  }
}

TEST(DesignSaltelli, StartsAfterTheZeroPointAndSkipShiftsTheSequence) {
  const std::vector<ParamRange> ps = {{"a", 0, 1}, {"b", 0, 1}};
  const Design d = saltelli(ps, 8, 0);
  // boost's sequence leaves out the all-zero point, so the first sample is the centre.
  EXPECT_EQ(d.points[0], (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(d.points[1], (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(d.points[4], (std::vector<double>{0.75, 0.25}));  // second A
  const Design skipped = saltelli(ps, 4, 4);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(skipped.points[i], d.points[16 + i]) << i;
}

TEST(DesignSaltelli, BaseSamplesAreEvenlySpread) {
  // Each coordinate of a Sobol' sequence has one point per quarter in every aligned block
  // of 4 points. With skip = 3 the samples are points 4..67 of the full sequence (boost
  // leaves out point 0), i.e. 16 aligned blocks, so each quarter gets exactly n / 4.
  const std::vector<ParamRange> ps = {{"a", 0, 1}, {"b", 0, 1}, {"c", 0, 1}};
  const int n = 64;
  const Design d = saltelli(ps, n, 3);
  for (int col = 0; col < 6; ++col) {
    int count[4] = {};
    for (int g = 0; g < n; ++g) {
      const double u = d.points[g * 5 + (col < 3 ? 0 : 1)][col % 3];
      ++count[static_cast<int>(u * 4)];
    }
    for (int q = 0; q < 4; ++q) EXPECT_EQ(count[q], n / 4) << col << " " << q;
  }
}

TEST(DesignSaltelli, RejectsTooFewSamples) {
  EXPECT_INVALID(saltelli(three_params(), 1), "at least 2");
  EXPECT_INVALID(saltelli({}, 8), "at least one parameter");
}

TEST(DesignMorris, TrajectoriesAreOneAtATimeStepsOnTheGrid) {
  const auto ps = three_params();
  const std::size_t k = ps.size();
  for (int p : {2, 4, 6}) {
    const int r = 30;
    const double delta = p / (2.0 * (p - 1));
    const Design d = morris(ps, r, p, 11);
    EXPECT_EQ(d.kind, DesignKind::Morris);
    EXPECT_EQ(d.levels, p);
    ASSERT_EQ(d.points.size(), r * (k + 1));
    std::set<int> levels_seen;
    int up = 0, down = 0;
    for (int t = 0; t < r; ++t) {
      std::vector<int> changes(k, 0);
      for (std::size_t s = 0; s <= k; ++s) {
        const std::size_t i = t * (k + 1) + s;
        EXPECT_EQ(d.group[i], t);
        EXPECT_EQ(d.role[i], std::to_string(s));
        for (std::size_t j = 0; j < k; ++j) {
          const double u = to_unit(ps[j], d.points[i][j]);
          EXPECT_GE(u, 0);
          EXPECT_LE(u, 1);
          const double l = u * (p - 1);
          EXPECT_NEAR(l, std::round(l), 1e-9) << "off the grid";
          levels_seen.insert(static_cast<int>(std::round(l)));
        }
        if (s == 0) continue;
        int moved = 0;
        for (std::size_t j = 0; j < k; ++j) {
          const double du = to_unit(ps[j], d.points[i][j]) - to_unit(ps[j], d.points[i - 1][j]);
          if (d.points[i][j] == d.points[i - 1][j]) continue;
          ++moved;
          ++changes[j];
          EXPECT_NEAR(std::abs(du), delta, 1e-12);
          (du > 0 ? up : down)++;
        }
        EXPECT_EQ(moved, 1) << "trajectory " << t << " step " << s;
      }
      for (std::size_t j = 0; j < k; ++j) EXPECT_EQ(changes[j], 1) << t << " " << j;
    }
    EXPECT_EQ(levels_seen.size(), std::size_t(p)) << "every level is visited";
    EXPECT_GT(up, 0);
    EXPECT_GT(down, 0);
  }
}

TEST(DesignMorris, ReproducibleAndSeedDependent) {
  const auto ps = three_params();
  EXPECT_EQ(morris(ps, 10, 4, 3).points, morris(ps, 10, 4, 3).points);
  EXPECT_NE(morris(ps, 10, 4, 3).points, morris(ps, 10, 4, 4).points);
}

TEST(DesignMorris, RejectsBadSizesAndCollapsingIntegerParameters) {
  const auto ps = three_params();
  EXPECT_INVALID(morris(ps, 1, 4, 1), "at least 2");
  EXPECT_INVALID(morris(ps, 10, 5, 1), "even");
  EXPECT_INVALID(morris(ps, 10, 0, 1), "even");
  EXPECT_INVALID(morris({{"count", 0, 2, false, true}}, 10, 6, 1), "'count'");
  EXPECT_NO_THROW(morris({{"count", 0, 3, false, true}}, 10, 4, 1));
}

TEST(DesignUniformBelow, CoversTheRangeEvenly) {
  engine::CounterRng rng({5, 0, 1, 2, 3});
  EXPECT_EQ(uniform_below(rng, 1), 0u);
  const std::uint32_t n = 7;
  const int draws = 70'000;
  std::vector<int> count(n, 0);
  for (int i = 0; i < draws; ++i) {
    const auto v = uniform_below(rng, n);
    ASSERT_LT(v, n);
    ++count[v];
  }
  double chi2 = 0;
  for (int c : count) chi2 += (c - draws / 7.0) * (c - draws / 7.0) / (draws / 7.0);
  EXPECT_LT(chi2, 22.46);  // chi-square, 6 degrees of freedom, p = 0.001
}

}  // namespace
}  // namespace nisim::experiment
