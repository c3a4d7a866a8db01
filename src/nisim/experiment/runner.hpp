// Executing the runs of an experiment: one run (in its own oneTBB arena), many runs on
// local worker threads, and the byte encoding of a result sent between MPI processes.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nisim/experiment/plan.hpp>
#include <nisim/output/indicators.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::experiment {

/// What one run produced.
struct RunResult {
  std::size_t index = 0;     ///< run index in the plan
  bool ok = false;
  std::string error;         ///< why it failed ("" when ok), e.g. the broken invariant
  std::vector<output::IndicatorRow> rows;  ///< indicators (only when ok)
  double wall_seconds = 0;
  double agent_ticks = 0;    ///< researcher-months simulated
};

/// Runs run `index` of `plan` on the base scenario (the plan's overrides applied to its
/// resolved text) with `threads` oneTBB threads. Never throws for a failure of the run
/// itself: a parameter combination the model rejects, a broken invariant, or any other
/// error is returned as a failed result with its message.
RunResult execute_run(const scenario::Scenario& base, const ExperimentPlan& plan, std::size_t index,
                      int threads);

/// Called with each finished run, always on the thread that called run_local.
using ResultSink = std::function<void(RunResult&&)>;

/// Runs the runs listed in `todo` on `jobs` worker threads, `threads` oneTBB threads each,
/// in the order of `todo` (as far as the workers allow), and hands each result to `sink`
/// on the calling thread. At most `jobs` finished results wait for the sink, so memory
/// does not grow with the number of runs. If `sink` throws, no new run starts, the runs
/// in flight finish, and the exception is rethrown.
void run_local(const scenario::Scenario& base, const ExperimentPlan& plan, const std::vector<std::size_t>& todo,
               int jobs, int threads, const ResultSink& sink);

/// Byte encoding of a result (for MPI messages); decode_result(encode_result(r)) == r.
std::string encode_result(const RunResult& r);
/// Throws std::runtime_error on a truncated or malformed buffer.
RunResult decode_result(const std::string& bytes);

}  // namespace nisim::experiment
