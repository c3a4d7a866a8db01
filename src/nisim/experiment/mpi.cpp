#include <nisim/experiment/mpi.hpp>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#if NISIM_HAVE_MPI
#include <mpi.h>
#endif

#if defined(__SANITIZE_ADDRESS__) && NISIM_HAVE_MPI
// Sanitizer builds only: OpenMPI unloads its plugins (mca_*.so) at MPI_Finalize, after
// which LeakSanitizer reports their never-freed start-up allocations as "<unknown
// module>", which no suppression can name. Keeping loaded libraries mapped at exit lets
// it name them, so tests/sanitizers/lsan.supp can suppress OpenMPI's leaks library by
// library (and nothing of nisim's). This definition interposes the C library's dlclose.
extern "C" int dlclose(void*) { return 0; }
#endif

namespace nisim::experiment {

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  return (end && *end == '\0' && x > 0) ? static_cast<int>(x) : fallback;
}

bool under_launcher() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

[[maybe_unused]] constexpr int kTagTask = 1;
[[maybe_unused]] constexpr int kTagStop = 2;
[[maybe_unused]] constexpr int kTagResult = 3;

#if NISIM_HAVE_MPI
/// Receives the message that `st` (from MPI_Probe or MPI_Iprobe) describes.
std::string receive(const MPI_Status& st) {
  int n = 0;
  MPI_Get_count(&st, MPI_BYTE, &n);
  std::string buf(static_cast<std::size_t>(n), '\0');
  MPI_Recv(buf.data(), n, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return buf;
}
#endif

}  // namespace

MpiSession& MpiSession::get() {
  static MpiSession session;
  return session;
}

MpiSession::MpiSession() {
  if (!under_launcher()) return;
#if NISIM_HAVE_MPI
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  local_size_ = env_int("OMPI_COMM_WORLD_LOCAL_SIZE", env_int("MPI_LOCALNRANKS", 1));
  stopped_.assign(static_cast<std::size_t>(size_), false);
#else
  if (env_int("OMPI_COMM_WORLD_SIZE", env_int("PMI_SIZE", 1)) > 1)
    throw std::runtime_error(
        "started by an MPI launcher with several processes, but this nisim was built without MPI "
        "(install libopenmpi-dev and rebuild, or run without mpirun and use --jobs or --shard)");
#endif
}

MpiSession::~MpiSession() {
#if NISIM_HAVE_MPI
  if (initialised_) {
    if (rank_ == 0) release_workers();
    MPI_Finalize();
  }
#endif
}

void MpiSession::release_workers() {
#if NISIM_HAVE_MPI
  if (!initialised_ || rank_ != 0) return;
  for (int w = 1; w < size_; ++w)
    if (!stopped_[static_cast<std::size_t>(w)]) {
      MPI_Send(nullptr, 0, MPI_BYTE, w, kTagStop, MPI_COMM_WORLD);
      stopped_[static_cast<std::size_t>(w)] = true;
    }
#endif
}

void MpiSession::wait_for_stop() {
#if NISIM_HAVE_MPI
  if (!initialised_ || rank_ == 0) return;
  for (;;) {
    MPI_Status st;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    (void)receive(st);
    if (st.MPI_TAG == kTagStop) return;
    // A task although our set-up failed: cannot happen (rank 0 fails the same way); say
    // so instead of hanging.
    throw std::runtime_error("received a run although this process's set-up failed");
  }
#endif
}

void run_distributed(MpiSession& mpi, const scenario::Scenario& base, const ExperimentPlan& plan,
                     const std::vector<std::size_t>& todo, int threads, const ResultSink& sink) {
#if NISIM_HAVE_MPI
  if (!mpi.distributed()) {
    run_local(base, plan, todo, 1, threads, sink);
    return;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0;
  bool failed = false;
  auto take = [&]() -> std::optional<std::size_t> {
    std::lock_guard lk(mu);
    if (failed || next >= todo.size()) return std::nullopt;
    return todo[next++];
  };

  // Rank 0's own share, on a thread that never calls MPI (MPI_THREAD_FUNNELED).
  std::deque<RunResult> local_ready;
  bool local_done = false;
  std::thread local([&] {
    while (auto i = take()) {
      RunResult r = execute_run(base, plan, *i, threads);
      std::lock_guard lk(mu);
      local_ready.push_back(std::move(r));
      cv.notify_one();
    }
    std::lock_guard lk(mu);
    local_done = true;
    cv.notify_one();
  });

  std::exception_ptr failure;
  auto deliver = [&](RunResult&& r) {
    if (failure) return;
    try {
      sink(std::move(r));
    } catch (...) {
      failure = std::current_exception();
      std::lock_guard lk(mu);
      failed = true;
    }
  };
  auto send_next = [&](int w) {
    if (auto i = take()) {
      const std::uint64_t idx = *i;
      MPI_Send(&idx, 8, MPI_BYTE, w, kTagTask, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_BYTE, w, kTagStop, MPI_COMM_WORLD);
      mpi.stopped_[static_cast<std::size_t>(w)] = true;
    }
  };
  int busy = 0;
  for (int w = 1; w < mpi.size(); ++w) {
    send_next(w);
    if (!mpi.stopped_[static_cast<std::size_t>(w)]) ++busy;
  }
  for (;;) {
    bool progressed = false;
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &st);
    if (flag) {
      deliver(decode_result(receive(st)));
      send_next(st.MPI_SOURCE);
      if (mpi.stopped_[static_cast<std::size_t>(st.MPI_SOURCE)]) --busy;
      progressed = true;
    }
    std::deque<RunResult> mine;
    bool done_locally = false;
    {
      std::unique_lock lk(mu);
      // Wait briefly for local results instead of spinning on MPI_Iprobe (OpenMPI's
      // blocking receive would keep a core busy that rank 0's own run needs).
      if (!progressed) cv.wait_for(lk, std::chrono::milliseconds(2), [&] { return !local_ready.empty() || local_done; });
      mine.swap(local_ready);
      done_locally = local_done;
    }
    for (auto& r : mine) deliver(std::move(r));
    if (done_locally && busy == 0 && mine.empty()) break;
  }
  local.join();
  if (failure) std::rethrow_exception(failure);
#else
  (void)mpi;
  run_local(base, plan, todo, 1, threads, sink);
#endif
}

void serve_runs(MpiSession& mpi, const scenario::Scenario& base, const ExperimentPlan& plan, int threads) {
#if NISIM_HAVE_MPI
  if (!mpi.distributed()) return;
  for (;;) {
    MPI_Status st;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    const std::string buf = receive(st);
    if (st.MPI_TAG == kTagStop) return;
    std::uint64_t idx = 0;
    if (buf.size() != 8) throw std::runtime_error("malformed task message from rank 0");
    std::memcpy(&idx, buf.data(), 8);
    const std::string out = encode_result(execute_run(base, plan, static_cast<std::size_t>(idx), threads));
    MPI_Send(out.data(), static_cast<int>(out.size()), MPI_BYTE, 0, kTagResult, MPI_COMM_WORLD);
  }
#else
  (void)mpi;
  (void)base;
  (void)plan;
  (void)threads;
#endif
}

}  // namespace nisim::experiment
