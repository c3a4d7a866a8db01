// results.sqlite of an experiment folder: one writer, WAL journal, one transaction per
// finished run, so a killed experiment loses at most the runs that were in flight.
//
// Creation is atomic: a new store is written under a temporary name (`FILE.tmp-<pid>`)
// with its tables and its meta in one transaction and renamed to FILE, so a full disk or
// a kill never leaves a store without its meta (the folder stays resumable). A finished
// store (checkpoint()) is in rollback-journal mode, readable without write access.
//
// Reading checks what it reads: a file that is not an SQLite database, is damaged, empty,
// the store of a run folder, or holds NULL, non-numeric or non-finite values, duplicate
// rows or bad JSON throws output::OutputError (exit 2) naming the file, and the table,
// run and column where it applies. Nothing damaged is ever read as a number.
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
#include <nisim/output/run_folder.hpp>

namespace nisim::output {
class SqliteDb;
class SqliteStmt;
}

namespace nisim::experiment {

/// The file is a store, but of a run folder (`nisim run`), not of an experiment folder.
/// The message names the folder; callers may add what they needed instead.
class NotAnExperimentError : public output::OutputError {
 public:
  using output::OutputError::OutputError;
};

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
    /// The writer. An existing file is opened for writing (resume) and must be an
    /// experiment store. A file that does not exist is created atomically, complete with
    /// its tables, at the first set_meta() (with the meta) or the first other call.
    Create,
    Existing,  ///< the file must exist and be an experiment store; may be written (resume)
    ReadOnly   ///< the file must exist and be an experiment store; only read (sensitivity, merge inputs)
  };
  /// Opens `file`. Throws output::OutputError naming it if it is missing, cannot be opened
  /// or (Create on an existing file, Existing) written, is not an SQLite database, is
  /// damaged or empty, or is not an experiment store (NotAnExperimentError for the store
  /// of a run folder).
  ExperimentStore(const std::filesystem::path& file, Mode mode);
  ~ExperimentStore();
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  /// The experiment's JSON, if it was set. A meta with `"format": "nisim-experiment-1"`
  /// is checked (fingerprint, plan, scenario, shard); bad JSON or a malformed meta throws
  /// output::OutputError naming the store and what is wrong.
  std::optional<nlohmann::json> meta();
  /// Sets the experiment's JSON; on a store not created yet, creates it with the meta in
  /// one step.
  void set_meta(const nlohmann::json& meta);

  /// Stores a finished run and its rows in one transaction (replacing a previous record
  /// of the same run).
  void commit(const RunRecord& run, const std::vector<output::IndicatorRow>& rows);

  /// Every finished run, in run order (without their rows). A record with a NULL or
  /// mistyped column, an unknown status or bad JSON throws output::OutputError.
  std::vector<RunRecord> runs();

  /// Calls `f` for each finished run in run order with its rows (one run in memory at a
  /// time): for merging stores. A run with a NULL, non-numeric or non-finite value or
  /// the same (indicator, year) twice throws output::OutputError.
  void for_each_run(const std::function<void(const RunRecord&, const std::vector<output::IndicatorRow>&)>& f);

  /// Calls `f(run, scenario, seed, year, indicator, value)` for every indicator row, in
  /// run order and, within a run, in the order the run produced them.
  void for_each_row(const std::function<void(const std::string&, const std::string&, std::int64_t, int,
                                             const std::string&, double)>& f);

  /// Calls `f(indicator, year, values)` for each (indicator, year) of the ok runs of design
  /// point `point` (every run if point < 0), ordered by indicator then year. Streams:
  /// only one group's values are in memory.
  void for_each_group(int point, const std::function<void(const std::string&, int, std::vector<double>&)>& f);

  /// Values of `indicator` in `year` by run index (ok runs only). A NULL or non-finite
  /// value or a run with two values throws output::OutputError.
  std::vector<std::pair<std::size_t, double>> values_of(const std::string& indicator, int year);

  /// Replaces the summary table with `rows` produced by `fill` (called with an add function).
  void write_summary(const std::function<void(const std::function<void(int, const std::string&, int, const Stats&)>&)>& fill);

  /// At the end of an experiment: folds the WAL into the main file and switches the store
  /// to the rollback journal (journal_mode=DELETE), so that no -wal or -shm file remains
  /// and a reader without write access can open it. A later writer (--resume) switches it
  /// back to WAL. If another connection holds the store open, it stays in WAL mode
  /// (consistent, but readers then need write access to the folder).
  void checkpoint();

  /// The file of the store.
  const std::filesystem::path& file() const { return file_; }

 private:
  friend class SeededGroups;
  output::SqliteDb& db();
  /// Creates the pending store under a temporary name, with `meta` if given, and renames it.
  void create_atomically(const nlohmann::json* meta);
  void open_for_writing();

  std::filesystem::path file_;
  bool pending_ = false;  ///< Create on a missing file: not created yet
  std::unique_ptr<output::SqliteDb> db_;
};

/// One indicator value of one ok run, with the run's id and seed.
struct SeededValue {
  std::string run;        ///< "0001"
  std::uint64_t seed = 0;
  double value = 0;
};

/// Streams the indicator values of the ok runs of a store grouped by (indicator, year):
/// indicators in byte order of their names (std::string's operator<), then years; within
/// a group, in run order. One group in memory at a time: for comparing experiments.
/// Damaged rows (NULL, non-finite, a run twice in a group) throw output::OutputError.
class SeededGroups {
 public:
  explicit SeededGroups(ExperimentStore& store);
  ~SeededGroups();
  SeededGroups(const SeededGroups&) = delete;
  SeededGroups& operator=(const SeededGroups&) = delete;
  /// Moves to the next group; false after the last.
  bool next();
  const std::string& indicator() const { return indicator_; }
  int year() const { return year_; }
  const std::vector<SeededValue>& values() const { return values_; }

 private:
  bool read_row();  ///< the next row into row_; false at the end
  ExperimentStore& store_;
  std::unique_ptr<output::SqliteStmt> q_;
  bool have_row_ = false, started_ = false;
  std::string row_indicator_;
  int row_year_ = 0;
  SeededValue row_;
  std::string indicator_;
  int year_ = 0;
  std::vector<SeededValue> values_;
};

}  // namespace nisim::experiment
