#include <gtest/gtest.h>
#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>

#include <oneapi/tbb/info.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace nisim::engine {
namespace {

/// 1e6 values whose magnitudes span 1e-15..1e15 with both signs, so the order of
/// additions changes the rounded sum.
std::vector<double> wild_values() {
  std::vector<double> v(1'000'000);
  CounterRng r(StreamKey{77, 0, 0, 0, 0});
  for (auto& x : v) {
    const double mag = std::pow(10.0, 30.0 * r.uniform() - 15.0);
    x = r.uniform() < 0.5 ? -mag : mag;
  }
  return v;
}

std::array<double, 3> sum_with(int threads, const std::vector<double>& v, std::size_t block) {
  ThreadScope scope(threads);
  std::array<double, 3> out{};
  deterministic_sum(
      v.size(), block, 3,
      [&](std::size_t b, std::size_t e, double* acc) {
        for (std::size_t i = b; i < e; ++i) {
          acc[0] += v[i];
          acc[1] += v[i] * v[i];
          acc[2] += 1.0;
        }
      },
      out.data());
  return out;
}

TEST(Parallel, DeterministicSumIsBitIdenticalAcrossThreadCounts) {
  const auto v = wild_values();
  for (std::size_t block : {kDefaultBlock, std::size_t{1000}, std::size_t{999'999}}) {
    SCOPED_TRACE(block);
    const auto one = sum_with(1, v, block);
    const auto two = sum_with(2, v, block);
    const auto four = sum_with(4, v, block);
    EXPECT_EQ(std::memcmp(one.data(), two.data(), sizeof one), 0)
        << one[0] << " vs " << two[0];
    EXPECT_EQ(std::memcmp(one.data(), four.data(), sizeof one), 0);
    EXPECT_EQ(one[2], 1e6);
    // And it is the right sum (to rounding): compare with a long double reference.
    long double ref = 0, abs_sum = 0;
    for (double x : v) {
      ref += x;
      abs_sum += std::fabs(x);
    }
    EXPECT_NEAR(one[0], static_cast<double>(ref), 1e-12 * static_cast<double>(abs_sum));
  }
}

TEST(Parallel, DeterministicSumOfNothingIsZero) {
  std::array<double, 2> out{5.0, 6.0};
  deterministic_sum(0, 10, 2, [](std::size_t, std::size_t, double*) { FAIL(); }, out.data());
  EXPECT_EQ(out[0], 0.0);
  EXPECT_EQ(out[1], 0.0);
}

TEST(Parallel, BlocksCoverEveryIndexExactlyOnce) {
  ThreadScope scope(2);
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{999}, std::size_t{1000},
                        std::size_t{100'003}}) {
    SCOPED_TRACE(n);
    const std::size_t block = 1000;
    auto hits = std::make_unique<std::atomic<int>[]>(n + 1);
    std::vector<std::atomic<int>> block_hits(block_count(n, block) + 1);
    parallel_blocks(n, block, [&](std::size_t b, std::size_t e, std::size_t k) {
      EXPECT_EQ(b, k * block);
      EXPECT_EQ(e, std::min(n, (k + 1) * block));
      block_hits[k]++;
      for (std::size_t i = b; i < e; ++i) hits[i]++;
    });
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << i;
    for (std::size_t k = 0; k < block_count(n, block); ++k) EXPECT_EQ(block_hits[k].load(), 1);
  }
  EXPECT_THROW(parallel_blocks(10, 0, [](std::size_t, std::size_t, std::size_t) {}),
               std::invalid_argument);
}

TEST(Parallel, ExceptionsPropagate) {
  EXPECT_THROW(parallel_blocks(100'000, 1000,
                               [](std::size_t b, std::size_t, std::size_t) {
                                 if (b == 50'000) throw std::runtime_error("boom");
                               }),
               std::runtime_error);
}

TEST(Parallel, ThreadScopeLimitsAndRestores) {
  const int before = current_threads();
  {
    ThreadScope one(1);
    EXPECT_EQ(one.threads(), 1);
    EXPECT_EQ(current_threads(), 1);
  }
  EXPECT_EQ(current_threads(), before);
  ThreadScope hw(0);
  EXPECT_EQ(hw.threads(), tbb::info::default_concurrency());
}

}  // namespace
}  // namespace nisim::engine
