#include <nisim/engine/rng.hpp>

#include <algorithm>

namespace nisim::engine {

namespace {
// Philox4x32-10 (Salmon et al. 2011), written over small arrays of independent counters
// so the compiler can vectorise the rounds (the r123 functor works on one counter at a
// time and does not). Bit-identical to r123::Philox4x32 — tests/engine/rng_test.cpp
// compares the two. Only the first two output words are needed for one double.
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr std::size_t kLanes = 64;

__attribute__((target_clones("avx2", "default"))) void philox_lanes(
    std::uint32_t c0, const std::uint32_t* __restrict__ agents, std::uint32_t tick, std::uint32_t k0,
    std::uint32_t k1, std::size_t n, double* __restrict__ out) {
  std::uint32_t x0[kLanes], x1[kLanes], x2[kLanes], x3[kLanes];
  for (std::size_t i = 0; i < n; ++i) {
    x0[i] = c0;
    x1[i] = agents[i];
    x2[i] = tick;
    x3[i] = 0;
  }
  std::uint32_t a = k0, b = k1;
  for (int round = 0; round < 10; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t p0 = std::uint64_t(kM0) * x0[i];
      const std::uint64_t p1 = std::uint64_t(kM1) * x2[i];
      const std::uint32_t y0 = std::uint32_t(p1 >> 32) ^ x1[i] ^ a;
      const std::uint32_t y1 = std::uint32_t(p1);
      const std::uint32_t y2 = std::uint32_t(p0 >> 32) ^ x3[i] ^ b;
      const std::uint32_t y3 = std::uint32_t(p0);
      x0[i] = y0;
      x1[i] = y1;
      x2[i] = y2;
      x3[i] = y3;
    }
    a += kW0;
    b += kW1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bits52 = ((std::uint64_t(x0[i]) << 32) | x1[i]) >> 12;
    out[i] = (static_cast<double>(bits52) + 0.5) * 0x1.0p-52;
  }
}
}  // namespace

void fill_uniform(std::uint64_t seed, std::uint32_t population, std::uint32_t purpose, std::uint32_t tick,
                  const std::uint32_t* agents, std::size_t n, double* out) noexcept {
  const std::uint32_t c0 = (population << 16) ^ (purpose & 0xFFFFu);
  const auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (std::size_t b = 0; b < n; b += kLanes)
    philox_lanes(c0, agents + b, tick, k0, k1, std::min(kLanes, n - b), out + b);
}

}  // namespace nisim::engine
