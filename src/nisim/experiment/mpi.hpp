// Distributed experiments over MPI (OpenMPI from Debian). `mpirun -n P nisim ensemble ...`
// starts P copies of nisim: each builds the same plan from the same command line; rank 0
// hands out runs one at a time (a worker asks for the next run by returning a result),
// runs some itself on a second thread, and is the only process that writes. Results are
// identical to a serial run of the same experiment: every run is a pure function of the
// scenario, its parameters and its seed, and the output files are written from the store
// in run order, whatever order the runs finished in.
//
// Without a launcher (no OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK in the environment)
// or in a build without MPI (NISIM_HAVE_MPI = 0), MPI is never initialised and the
// session is a single process of rank 0.
#pragma once
#include <vector>

#include <nisim/experiment/runner.hpp>

namespace nisim::experiment {

class MpiSession {
 public:
  /// The process's session: initialises MPI (MPI_THREAD_FUNNELED) on first use when the
  /// process was started by an MPI launcher; finalises at exit. Throws std::runtime_error
  /// when started by a launcher with several processes in a build without MPI.
  static MpiSession& get();
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }
  /// Processes of this job on this host (for the default thread count per run).
  int local_size() const { return local_size_; }

  /// Rank 0: sends "stop" to every worker that has not been stopped yet. Idempotent;
  /// called on every exit path of rank 0 so that no worker waits forever.
  void release_workers();
  /// Ranks > 0 whose set-up failed: waits for rank 0's stop (rank 0 failed the same way).
  void wait_for_stop();

  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  ~MpiSession();

 private:
  MpiSession();
  friend void run_distributed(MpiSession&, const scenario::Scenario&, const ExperimentPlan&,
                              const std::vector<std::size_t>&, int, const ResultSink&);
  int rank_ = 0, size_ = 1, local_size_ = 1;
  bool initialised_ = false;
  std::vector<bool> stopped_;  ///< rank 0: workers already told to stop
};

/// Rank 0: runs `todo` across every process (one run at a time each; rank 0 computes on a
/// second thread while its main thread talks to the workers and calls `sink`), then tells
/// the workers to stop. With one process it is run_local with one job.
void run_distributed(MpiSession& mpi, const scenario::Scenario& base, const ExperimentPlan& plan,
                     const std::vector<std::size_t>& todo, int threads, const ResultSink& sink);

/// Ranks > 0: executes the runs rank 0 sends until it says stop.
void serve_runs(MpiSession& mpi, const scenario::Scenario& base, const ExperimentPlan& plan, int threads);

}  // namespace nisim::experiment
