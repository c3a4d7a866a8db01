// Shared scaffolding of the experiment verbs' tests: a fresh folder per test, the real
// nisim binary, and readers for the files of an experiment folder.
#pragma once
#include <sqlite3.h>

#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/engine/csv.hpp>

#include "run_process.hpp"

namespace nisim::test_support {

inline const std::string kBaselineToml = std::string(NISIM_SOURCE_DIR) + "/scenarios/baseline.toml";

/// The files of an experiment folder that must be byte-identical however it was run.
inline const std::vector<std::string> kStableFiles = {"summary.csv", "indicators.csv", "runs.csv",
                                                      "scenario.resolved.toml"};

class ExperimentCliTest : public ::testing::Test {
 protected:
  fs::path path(const std::string& name) const { return tmp_.path() / name; }
  ProcessResult nisim(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(300)) {
    return run_nisim(args, tmp_.path() / "proc", timeout);
  }
  /// Every file of kStableFiles is the same in both folders.
  void expect_same_results(const fs::path& a, const fs::path& b) const {
    for (const auto& f : kStableFiles) {
      ASSERT_TRUE(fs::exists(a / f)) << a / f;
      EXPECT_EQ(read_file(a / f), read_file(b / f)) << f << " differs between " << a << " and " << b;
    }
  }
  /// `mpirun -n 2 nisim ARGS...` (empty if nisim was built without MPI).
  static std::vector<std::string> mpirun_argv(const std::vector<std::string>& args) {
    const std::string mpiexec = NISIM_MPIEXEC;
    if (mpiexec.empty()) return {};
    // Shared memory between the two processes only; as root (CI), OpenMPI must be told.
    std::vector<std::string> argv = {mpiexec, "-n", "2", "--oversubscribe", "--mca", "btl", "self,vader"};
    if (::geteuid() == 0) argv.push_back("--allow-run-as-root");
    argv.push_back(NISIM_BIN);
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  static engine::CsvTable csv(const fs::path& file) {
    return engine::CsvTable::parse(read_file(file), file.string());
  }
  static nlohmann::json json(const fs::path& file) { return nlohmann::json::parse(read_file(file)); }
  /// Rows of `SELECT count(*) FROM runs` in a store that another process may be writing.
  static int finished_runs(const fs::path& store) {
    sqlite3* db = nullptr;
    int n = -1;
    if (sqlite3_open_v2(store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(db, 2000);
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs", -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
  }

 private:
  TempDir tmp_{"nisim_experiment_cli"};
};

}  // namespace nisim::test_support
