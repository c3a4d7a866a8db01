#include <nisim/engine/parallel.hpp>

#include <oneapi/tbb/info.h>

namespace nisim::engine {

namespace {
int resolve(int threads) { return threads > 0 ? threads : tbb::info::default_concurrency(); }
}  // namespace

// threads_ is declared before control_, so it is resolved first and can be reused.
ThreadScope::ThreadScope(int threads)
    : threads_(resolve(threads)),
      control_(tbb::global_control::max_allowed_parallelism,
               static_cast<std::size_t>(threads_)) {}

int current_threads() {
  return static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

}  // namespace nisim::engine
