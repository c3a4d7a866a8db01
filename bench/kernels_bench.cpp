// Kernel benchmarks: the random-number kernels of the hot loops and one month of the
// model. items_per_second is random numbers per second for the RNG kernels and
// agent-ticks (researcher-months) per second for the simulation step.
//
//   build/nisim_bench                          # everything
//   build/nisim_bench --benchmark_filter=Step  # one family
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include <nisim/engine/distributions.hpp>
#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>
#include <nisim/scenario/scenario.hpp>

namespace {

// Philox4x32-10 batch fill: one uniform (0,1) double per agent id, single thread.
void BM_PhiloxFillUniform(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint32_t> agents(n);
  std::iota(agents.begin(), agents.end(), 0u);
  std::vector<double> out(n);
  std::uint32_t tick = 0;
  for (auto _ : state) {
    nisim::engine::fill_uniform(20100101, 1, 7, tick++, agents.data(), n, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(n * sizeof(double)));
}
BENCHMARK(BM_PhiloxFillUniform)->Arg(1 << 10)->Arg(16384)->Arg(1 << 20);

// Poisson by inversion of a given uniform, at mean lambda / 100 (arg is 100 * lambda).
void BM_PoissonFromU(benchmark::State& state) {
  const double lambda = static_cast<double>(state.range(0)) / 100.0;
  constexpr std::size_t n = 16384;
  std::vector<std::uint32_t> agents(n);
  std::iota(agents.begin(), agents.end(), 0u);
  std::vector<double> u(n);
  nisim::engine::fill_uniform(1, 1, 1, 0, agents.data(), n, u.data());
  std::vector<std::uint32_t> k(n);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) k[i] = nisim::engine::dist::poisson_from_u(u[i], lambda);
    benchmark::DoNotOptimize(k.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_PoissonFromU)->Arg(5)->Arg(50)->Arg(300);

// One month of the baseline scenario (scenarios/baseline.toml) at scale range(0)/1000 on
// range(1) threads. The simulation is built outside the timed region. The number of
// iterations is fixed at the months of one 2010-2035 run (312), so the figure is the mean
// month of a whole run: Januaries carry the yearly work (budgets, hiring, flows) and the
// population grows over the years. If the run ends early the simulation is rebuilt,
// untimed.
void BM_SimulationStep(benchmark::State& state) {
  const double scale = static_cast<double>(state.range(0)) / 1000.0;
  const int threads = static_cast<int>(state.range(1));
  nisim::engine::ThreadScope scope(threads);
  const auto sc = nisim::scenario::load_scenario(NISIM_SOURCE_DIR "/scenarios/baseline.toml");
  const nisim::model::RunPlan plan{sc.run.seed, scale, sc.run.start_year, sc.run.end_year};
  auto make = [&] {
    auto sim = std::make_unique<nisim::model::Simulation>(sc, plan);
    nisim::policy::attach_policies(sc, *sim);
    return sim;
  };
  auto sim = make();
  double agent_ticks = 0;
  for (auto _ : state) {
    if (sim->done()) {
      state.PauseTiming();
      sim = make();
      state.ResumeTiming();
    }
    const double before = sim->agent_ticks();
    sim->step();
    agent_ticks += sim->agent_ticks() - before;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(agent_ticks));
  state.counters["agents_per_month"] = benchmark::Counter(
      agent_ticks / static_cast<double>(state.iterations()));
}
constexpr int kBaselineMonths = (2035 - 2010 + 1) * 12;
BENCHMARK(BM_SimulationStep)
    ->ArgNames({"scale_x1000", "threads"})
    ->Iterations(kBaselineMonths)
    ->Args({10, 1})
    ->Args({10, 2})
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
