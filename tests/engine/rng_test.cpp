#include <gtest/gtest.h>
#include <nisim/engine/rng.hpp>

#include <array>
#include <cstdint>
#include <vector>

#include "test_stats.hpp"

namespace nisim::engine {
namespace {

std::array<std::uint32_t, 8> first_words(const StreamKey& k) {
  CounterRng r(k);
  std::array<std::uint32_t, 8> out{};
  for (auto& w : out) w = r.next_u32();
  return out;
}

TEST(Rng, SameKeyGivesSameSequence) {
  const StreamKey k{12345, 2, 7, 99, 40};
  CounterRng a(k), b(k);
  for (int i = 0; i < 1000; ++i) {
    if (i % 3 == 0)
      ASSERT_EQ(a.next_u32(), b.next_u32()) << i;
    else
      ASSERT_EQ(a.uniform(), b.uniform()) << i;
  }
}

TEST(Rng, EveryKeyFieldSelectsADifferentStream) {
  const StreamKey base{12345, 2, 7, 99, 40};
  const auto ref = first_words(base);
  StreamKey k = base;
  k.seed = base.seed + 1;
  EXPECT_NE(first_words(k), ref) << "seed";
  k = base;
  k.seed = base.seed + (std::uint64_t{1} << 32);  // high half of the seed matters too
  EXPECT_NE(first_words(k), ref) << "seed high bits";
  k = base;
  k.population = 3;
  EXPECT_NE(first_words(k), ref) << "population";
  k = base;
  k.purpose = 8;
  EXPECT_NE(first_words(k), ref) << "purpose";
  k = base;
  k.agent = 100;
  EXPECT_NE(first_words(k), ref) << "agent";
  k = base;
  k.tick = 41;
  EXPECT_NE(first_words(k), ref) << "tick";
}

TEST(Rng, FillUniformMatchesCounterRng) {
  std::vector<std::uint32_t> agents;
  for (std::uint32_t i = 0; i < 1000; ++i) agents.push_back(i * 7919u + (i % 3) * 1000003u);
  std::vector<double> out(agents.size());
  fill_uniform(777, 4, 11, 123, agents.data(), agents.size(), out.data());
  for (std::size_t i = 0; i < agents.size(); ++i) {
    CounterRng r(StreamKey{777, 4, 11, agents[i], 123});
    ASSERT_EQ(out[i], r.uniform()) << "agent " << agents[i];
  }
}

TEST(Rng, FillUniformMatchesCounterRngWithA64BitSeedAndARaggedLength) {
  std::vector<std::uint32_t> agents;
  for (std::uint32_t i = 0; i < 1237; ++i) agents.push_back(0xFFFFFFFFu - i * 31u);
  std::vector<double> out(agents.size());
  const std::uint64_t seed = 0x123456789ABCDEF0ull;
  fill_uniform(seed, 65535, 65535, 0xFFFFFFFFu, agents.data(), agents.size(), out.data());
  for (std::size_t i = 0; i < agents.size(); ++i) {
    CounterRng r(StreamKey{seed, 65535, 65535, agents[i], 0xFFFFFFFFu});
    ASSERT_EQ(out[i], r.uniform()) << "agent " << agents[i];
  }
}

TEST(Rng, UniformIsInsideOpenIntervalWithRightMoments) {
  test::Moments m(0.5);
  double lo = 1, hi = 0;
  CounterRng r(StreamKey{31, 0, 1, 0, 0});
  for (int i = 0; i < 1'000'000; ++i) {
    const double u = r.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    m.add(u);
  }
  test::expect_moments(m, 0.5, 1.0 / 12.0);
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1.0 - 1e-4);
}

TEST(Rng, FirstDrawsAcrossAgentsAreUniform) {
  // The model mostly takes one draw per agent stream; check those are uniform too.
  std::vector<std::uint32_t> agents(1'000'000);
  for (std::uint32_t i = 0; i < agents.size(); ++i) agents[i] = i;
  std::vector<double> u(agents.size());
  fill_uniform(32, 1, 2, 5, agents.data(), agents.size(), u.data());
  test::Moments m(0.5);
  std::array<std::uint64_t, 11> counts{};  // 10 deciles + overflow cell (must stay 0)
  for (double x : u) {
    m.add(x);
    counts[static_cast<std::size_t>(x * 10)]++;
  }
  test::expect_moments(m, 0.5, 1.0 / 12.0);
  const std::vector<double> pmf(10, 0.1);
  std::vector<std::uint64_t> c(counts.begin(), counts.end());
  const auto [chi2, df] = test::chi2_statistic(c, pmf, 1e6);
  EXPECT_LT(chi2, test::chi2_critical(df));
}

}  // namespace
}  // namespace nisim::engine
