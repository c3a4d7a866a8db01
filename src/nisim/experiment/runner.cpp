#include <nisim/experiment/runner.hpp>

#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include <nisim/engine/invariants.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/model/targets.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/output/select.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/policy/preflight.hpp>

namespace nisim::experiment {

RunResult execute_run(const scenario::Scenario& base, const ExperimentPlan& plan, std::size_t index,
                      int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult res;
  res.index = index;
  try {
    const RunSpec spec = plan.run(index);
    const auto sc = scenario::load_scenario_text(base.resolved_toml, base.file.string(), plan.overrides(spec));
    policy::preflight(sc);  // a design point's values may break a joint constraint
    const model::RunPlan rp{sc.run.seed, sc.run.scale, sc.run.start_year, sc.run.end_year};
    // An arena of its own: the run's parallel loops use `threads` threads whatever the
    // other runs in this process do (results do not depend on it, speed does).
    tbb::task_arena arena(std::max(1, threads));
    arena.execute([&] {
      model::Simulation sim(sc, rp);
      policy::attach_policies(sc, sim);
      // Between simulated years: stop at once on SIGINT/SIGTERM (the run is abandoned, not
      // recorded, and runs again on --resume).
      sim.run([](int, int) { output::throw_if_interrupted(); });
      res.rows = output::select_indicators(sim.indicators(), sc.outputs.indicators);
      res.agent_ticks = sim.agent_ticks();
    });
    res.ok = true;
  } catch (const output::Interrupted&) {
    throw;  // not a failure of the run
  } catch (const engine::InvariantError& e) {
    res.error = fmt::format("internal failure: {}", e.what());
  } catch (const scenario::ScenarioError& e) {
    res.error = fmt::format("bad parameter value: {}", e.what());
  } catch (const std::invalid_argument& e) {
    res.error = fmt::format("rejected set-up: {}", e.what());
  } catch (const std::exception& e) {
    res.error = fmt::format("failure: {}", e.what());
  } catch (...) {
    res.error = "failure: unknown exception";
  }
  if (!res.ok) res.rows.clear();
  res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

void run_local(const scenario::Scenario& base, const ExperimentPlan& plan, const std::vector<std::size_t>& todo,
               int jobs, int threads, const ResultSink& sink) {
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(todo.size())));
  if (todo.empty()) return;
  if (jobs == 1) {
    // No worker thread: the simplest path, and the one under MPI.
    for (std::size_t i : todo) {
      output::throw_if_interrupted();
      sink(execute_run(base, plan, i, threads));
    }
    return;
  }
  std::mutex mu;
  std::condition_variable cv_ready, cv_space;
  std::deque<RunResult> ready;
  std::size_t next = 0;
  int running = jobs;
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      std::size_t pos;
      {
        std::unique_lock lk(mu);
        // Back-pressure: do not start a run while `jobs` results wait for the sink.
        cv_space.wait(lk, [&] { return stop || ready.size() < static_cast<std::size_t>(jobs); });
        if (stop || next >= todo.size() || output::interrupt_signal() != 0) break;
        pos = next++;
      }
      RunResult r;
      try {
        r = execute_run(base, plan, todo[pos], threads);
      } catch (const output::Interrupted&) {
        break;  // the signal is seen by the calling thread after the join
      }
      {
        std::lock_guard lk(mu);
        ready.push_back(std::move(r));
      }
      cv_ready.notify_one();
    }
    {
      std::lock_guard lk(mu);
      --running;
    }
    cv_ready.notify_one();
  };

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(jobs));
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  std::exception_ptr failure;
  for (;;) {
    RunResult r;
    {
      std::unique_lock lk(mu);
      cv_ready.wait(lk, [&] { return !ready.empty() || running == 0; });
      if (ready.empty()) break;
      r = std::move(ready.front());
      ready.pop_front();
    }
    cv_space.notify_all();
    if (failure) continue;  // drain what is in flight, store nothing more
    try {
      sink(std::move(r));
    } catch (...) {
      failure = std::current_exception();
      std::lock_guard lk(mu);
      stop = true;
      cv_space.notify_all();
    }
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  output::throw_if_interrupted();  // the finished runs are stored; the rest is for --resume
}

// --- encoding: little-endian fixed-width integers and doubles, strings as length + bytes,
// indicator names once in a table (a run repeats ~240 names over ~26 years).
namespace {

class Writer {
 public:
  void u64(std::uint64_t v) { raw(&v, 8); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void f64(double v) { raw(&v, 8); }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  std::uint64_t u64() { std::uint64_t v; raw(&v, 8); return v; }
  std::uint32_t u32() { std::uint32_t v; raw(&v, 4); return v; }
  double f64() { double v; raw(&v, 8); return v; }
  std::string str() {
    const std::uint32_t n = u32();
    need(n);
    std::string out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  bool at_end() const { return pos_ == s_.size(); }

 private:
  void need(std::size_t n) const {
    if (s_.size() - pos_ < n) throw std::runtime_error("truncated run result message");
  }
  void raw(void* p, std::size_t n) {
    need(n);
    std::memcpy(p, s_.data() + pos_, n);
    pos_ += n;
  }
  const std::string& s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_result(const RunResult& r) {
  static_assert(sizeof(double) == 8);
  Writer w;
  w.u64(r.index);
  w.u32(r.ok ? 1u : 0u);
  w.str(r.error);
  w.f64(r.wall_seconds);
  w.f64(r.agent_ticks);
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<const std::string*> names;
  for (const auto& row : r.rows)
    if (ids.emplace(row.indicator, static_cast<std::uint32_t>(names.size())).second) names.push_back(&row.indicator);
  w.u32(static_cast<std::uint32_t>(names.size()));
  for (const auto* n : names) w.str(*n);
  w.u64(r.rows.size());
  for (const auto& row : r.rows) {
    w.u32(static_cast<std::uint32_t>(row.year));
    w.u32(ids.at(row.indicator));
    w.f64(row.value);
  }
  return w.take();
}

RunResult decode_result(const std::string& bytes) {
  Reader rd(bytes);
  RunResult r;
  r.index = rd.u64();
  r.ok = rd.u32() != 0;
  r.error = rd.str();
  r.wall_seconds = rd.f64();
  r.agent_ticks = rd.f64();
  std::vector<std::string> names(rd.u32());
  for (auto& n : names) n = rd.str();
  const std::uint64_t nrows = rd.u64();
  if (nrows > bytes.size()) throw std::runtime_error("malformed run result message (row count)");
  r.rows.reserve(nrows);
  for (std::uint64_t i = 0; i < nrows; ++i) {
    const int year = static_cast<int>(rd.u32());
    const std::uint32_t id = rd.u32();
    if (id >= names.size()) throw std::runtime_error("malformed run result message (indicator id)");
    r.rows.push_back({year, names[id], rd.f64()});
  }
  if (!rd.at_end()) throw std::runtime_error("malformed run result message (trailing bytes)");
  return r;
}

}  // namespace nisim::experiment
