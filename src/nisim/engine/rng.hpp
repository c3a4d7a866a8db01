// Counter-based random numbers (Random123 Philox4x32-10).
//
// Every random number in nisim is a pure function of
//   (seed, population, agent serial id, tick, purpose, draw index)
// so results never depend on thread count, iteration order, MPI layout or platform.
// Never use std::*_distribution or std::random_device anywhere in the library.
#pragma once
#include <Random123/philox.h>

#include <cstdint>

namespace nisim::engine {

/// Identifies one independent stream of draws. Purposes and populations are small
/// integers chosen by the model (see model/rng_purposes.hpp); 16 bits each.
struct StreamKey {
  std::uint64_t seed = 0;        ///< run seed
  std::uint32_t population = 0;  ///< which agent population (or 0 for system-level draws)
  std::uint32_t purpose = 0;     ///< what the draw is for (production, exit, move, ...)
  std::uint32_t agent = 0;       ///< agent serial id (never reused) or area/org index
  std::uint32_t tick = 0;        ///< month index since the start of the run
};

/// A stream of uniform numbers defined by a StreamKey. Cheap to construct (no state but
/// the key and a small buffer); construct one per agent per tick per purpose.
class CounterRng {
 public:
  explicit CounterRng(const StreamKey& k) noexcept {
    key_ = {{static_cast<std::uint32_t>(k.seed), static_cast<std::uint32_t>(k.seed >> 32)}};
    ctr_ = {{(k.population << 16) ^ (k.purpose & 0xFFFFu), k.agent, k.tick, 0u}};
  }

  /// Next 32 random bits.
  std::uint32_t next_u32() noexcept {
    if (used_ == 4) refill();
    return buf_.v[used_++];
  }

  /// Uniform double in the open interval (0, 1): 52 random bits plus a half step, which
  /// is exact in a double, so neither 0 nor 1 can occur.
  double uniform() noexcept {
    std::uint64_t hi = next_u32(), lo = next_u32();
    std::uint64_t bits52 = ((hi << 32) | lo) >> 12;
    return (static_cast<double>(bits52) + 0.5) * 0x1.0p-52;
  }

 private:
  void refill() noexcept {
    buf_ = gen_(ctr_, key_);
    ctr_.v[3]++;
    used_ = 0;
  }
  r123::Philox4x32 gen_;
  r123::Philox4x32::ctr_type ctr_;
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type buf_{};
  unsigned used_ = 4;
};

/// Fills out[i] with the first uniform (0,1) draw of the stream
/// {seed, population, purpose, agents[i], tick}. Written as a flat loop over independent
/// Philox evaluations so the compiler can vectorise it; bit-identical to
/// CounterRng(key).uniform() for the same key.
void fill_uniform(std::uint64_t seed, std::uint32_t population, std::uint32_t purpose,
                  std::uint32_t tick, const std::uint32_t* agents, std::size_t n,
                  double* out) noexcept;

/// Jump consistent hash (Lamping and Veach 2014, arXiv:1406.2294): maps `key` to a bucket
/// in [0, buckets). When the number of buckets grows from n to n + 1, only about 1/(n + 1)
/// of the keys move, all to the new bucket; when it shrinks, only the keys of the removed
/// buckets move. Used to keep research teams stable while their holding's staff changes.
/// `buckets` must be at least 1.
inline std::uint32_t jump_hash(std::uint64_t key, std::uint32_t buckets) noexcept {
  std::int64_t b = -1, j = 0;
  while (j < std::int64_t(buckets)) {
    b = j;
    key = key * 2862933555777941757ULL + 1;
    j = std::int64_t(double(b + 1) * (double(std::int64_t(1) << 31) / double((key >> 33) + 1)));
  }
  return std::uint32_t(b);
}

}  // namespace nisim::engine
