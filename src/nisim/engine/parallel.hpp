// Parallel loops over fixed blocks (oneTBB), with reductions whose results do not depend
// on the thread count.
//
// Reproducibility rule: work is cut into blocks of a size the CALLER fixes (never derived
// from the thread count), each block's result is computed by one thread in index order,
// and block results are combined sequentially in block order. Floating-point addition is
// not associative, so this is what makes a sum over 10^6 agents bit-identical with 1, 2
// or 64 threads. Pass kDefaultBlock unless a benchmark says otherwise.
//
// Exceptions thrown by the loop body are propagated to the caller by oneTBB (the first
// one wins; the remaining blocks may or may not run).
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace nisim::engine {

/// Default number of agents per block: 16384 (16 Ki). Large enough that scheduling
/// overhead is negligible and per-block RNG batches vectorise, small enough that a
/// block's columns stay in L2 and 2 threads get balanced work above ~100k agents.
inline constexpr std::size_t kDefaultBlock = 16384;

/// Limits the number of threads every oneTBB algorithm in the process may use, for the
/// lifetime of this object (RAII around tbb::global_control::max_allowed_parallelism).
/// `threads` <= 0 means the hardware concurrency (tbb::info::default_concurrency()).
/// Values above the number of cores are allowed (oversubscription). While several scopes
/// are alive (nested or in different threads), the SMALLEST limit applies. Results of
/// parallel_blocks / deterministic_sum never depend on this setting, only speed does.
class ThreadScope {
 public:
  explicit ThreadScope(int threads);
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;
  /// The limit this scope requested (after resolving <= 0 to the hardware concurrency).
  int threads() const noexcept { return threads_; }

 private:
  int threads_;
  tbb::global_control control_;
};

/// The number of threads oneTBB may currently use in this process (the smallest active
/// ThreadScope limit, or the hardware concurrency if there is none).
int current_threads();

/// Number of blocks of size `block` needed to cover n items: ceil(n / block).
inline std::size_t block_count(std::size_t n, std::size_t block) noexcept {
  return block == 0 ? 0 : (n + block - 1) / block;
}

/// Calls f(begin, end, block_index) once for every block [k*block, min(n, (k+1)*block)),
/// k = 0 .. block_count(n, block) - 1, possibly concurrently and in any order (one TBB
/// task per block, simple_partitioner). `f` must be safe to call concurrently on
/// different blocks, i.e. write only to locations owned by its block ("read old, write
/// new"). n == 0 calls nothing; a single block runs inline on the calling thread.
/// Throws std::invalid_argument if block == 0.
template <class F>
void parallel_blocks(std::size_t n, std::size_t block, F&& f) {
  if (block == 0) throw std::invalid_argument("parallel_blocks: block size must be > 0");
  const std::size_t nblocks = block_count(n, block);
  if (nblocks == 0) return;
  if (nblocks == 1) {
    f(std::size_t{0}, n, std::size_t{0});
    return;
  }
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, nblocks, 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t k = r.begin(); k != r.end(); ++k)
          f(k * block, std::min(n, (k + 1) * block), k);
      },
      tbb::simple_partitioner());
}

/// Thread-count-independent reduction of `width` sums over n items.
/// Each block k gets its own zero-initialised accumulator array `acc` of `width` doubles
/// and f(begin, end, acc) adds its block's contributions into it (acc[j] for sum j).
/// Then out[0..width) is zeroed and the block accumulators are added into it one block at
/// a time in increasing k. The result is bit-identical for any thread count provided f is
/// deterministic per block and `block` is a constant chosen by the caller (NOT derived
/// from the thread count; kDefaultBlock is the usual choice): the block size determines
/// the order of additions, so changing it may change the last bits.
/// Allocates block_count(n, block) * width doubles of scratch per call.
/// n == 0 gives out = 0. Throws std::invalid_argument if block == 0.
template <class F>
void deterministic_sum(std::size_t n, std::size_t block, std::size_t width, F&& f,
                       double* out) {
  if (block == 0) throw std::invalid_argument("deterministic_sum: block size must be > 0");
  const std::size_t nblocks = block_count(n, block);
  std::vector<double> acc(nblocks * width, 0.0);
  parallel_blocks(n, block, [&](std::size_t b, std::size_t e, std::size_t k) {
    f(b, e, acc.data() + k * width);
  });
  std::fill(out, out + width, 0.0);
  for (std::size_t k = 0; k < nblocks; ++k)
    for (std::size_t j = 0; j < width; ++j) out[j] += acc[k * width + j];
}

}  // namespace nisim::engine
