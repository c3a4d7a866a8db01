// results.sqlite of an experiment folder: one writer, WAL journal, one transaction per
// finished run, so a killed experiment loses at most the runs that were in flight.
//
// Tables:
//   experiment(key TEXT PRIMARY KEY, value TEXT)   -- key 'meta': the experiment's JSON
//                                                  -- (fingerprint, plan, base scenario)
//   runs(run TEXT PRIMARY KEY, run_index INTEGER, point INTEGER, replication INTEGER,
//        scenario TEXT, seed INTEGER, status TEXT, error TEXT, parameters TEXT,
//        manifest TEXT)                            -- one row per finished run (ok or failed)
//   indicators(run, scenario, seed, year, indicator, value)
//                                                  -- tidy rows of the ok runs, as in a
//                                                  -- `nisim run` folder
//   summary(point, indicator, year, n, mean, sd, q05, q25, q50, q75, q95)
//                                                  -- written when the experiment ends
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/experiment/summary.hpp>
#include <nisim/output/indicators.hpp>

namespace nisim::output {
class SqliteDb;
}

namespace nisim::experiment {

/// One finished run as stored.
struct RunRecord {
  std::size_t index = 0;     ///< 0-based run index in the plan
  std::string id;            ///< "0001"
  int point = 0, replication = 0;
  std::uint64_t seed = 0;
  std::string scenario;      ///< scenario name
  std::string status;        ///< "ok" or "failed"
  std::string error;         ///< empty when ok
  nlohmann::json parameters = nlohmann::json::object();  ///< design values {name: value}
  nlohmann::json manifest = nlohmann::json::object();    ///< timings and counts of the run
};

class ExperimentStore {
 public:
  /// How to open a store.
  enum class Mode {
    Create,    ///< create the file and its tables if needed (the writer)
    Existing,  ///< the file must exist; may be written (resume)
    ReadOnly   ///< the file must exist; only read (sensitivity, merge inputs)
  };
  /// Opens `file`. Throws std::runtime_error naming it if it cannot be opened.
  ExperimentStore(const std::filesystem::path& file, Mode mode);
  ~ExperimentStore();
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  /// The experiment's JSON, if it was set.
  std::optional<nlohmann::json> meta();
  void set_meta(const nlohmann::json& meta);

  /// Stores a finished run and its rows in one transaction (replacing a previous record
  /// of the same run).
  void commit(const RunRecord& run, const std::vector<output::IndicatorRow>& rows);

  /// Every finished run, in run order (without their rows).
  std::vector<RunRecord> runs();

  /// Calls `f` for each finished run in run order with its rows (one run in memory at a
  /// time): for merging stores.
  void for_each_run(const std::function<void(const RunRecord&, const std::vector<output::IndicatorRow>&)>& f);

  /// Calls `f(run, scenario, seed, year, indicator, value)` for every indicator row, in
  /// run order and, within a run, in the order the run produced them.
  void for_each_row(const std::function<void(const std::string&, const std::string&, std::int64_t, int,
                                             const std::string&, double)>& f);

  /// Calls `f(indicator, year, values)` for each (indicator, year) of the ok runs of design
  /// point `point` (every run if point < 0), ordered by indicator then year. Streams:
  /// only one group's values are in memory.
  void for_each_group(int point, const std::function<void(const std::string&, int, std::vector<double>&)>& f);

  /// Values of `indicator` in `year` by run index (ok runs only).
  std::vector<std::pair<std::size_t, double>> values_of(const std::string& indicator, int year);

  /// Replaces the summary table with `rows` produced by `fill` (called with an add function).
  void write_summary(const std::function<void(const std::function<void(int, const std::string&, int, const Stats&)>&)>& fill);

  /// Folds the WAL into the main file (at the end of an experiment).
  void checkpoint();

 private:
  std::unique_ptr<output::SqliteDb> db_;
};

}  // namespace nisim::experiment
