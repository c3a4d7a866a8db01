#include <nisim/engine/rng.hpp>

namespace nisim::engine {

// Compiled for AVX2 as well as the baseline: the loop is pure integer arithmetic, so
// every version gives the same bits and the fastest one the CPU supports is used.
__attribute__((target_clones("avx2", "default"))) void fill_uniform(std::uint64_t seed, std::uint32_t population, std::uint32_t purpose,
                  std::uint32_t tick, const std::uint32_t* __restrict__ agents, std::size_t n,
                  double* __restrict__ out) noexcept {
  r123::Philox4x32 gen;
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const std::uint32_t c0 = (population << 16) ^ (purpose & 0xFFFFu);
  for (std::size_t i = 0; i < n; ++i) {
    r123::Philox4x32::ctr_type c = {{c0, agents[i], tick, 0u}};
    auto r = gen(c, key);
    std::uint64_t bits52 = ((static_cast<std::uint64_t>(r.v[0]) << 32) | r.v[1]) >> 12;
    out[i] = (static_cast<double>(bits52) + 0.5) * 0x1.0p-52;
  }
}

}  // namespace nisim::engine
