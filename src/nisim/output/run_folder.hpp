// One folder per run: indicators.csv, results.sqlite, manifest.json and
// scenario.resolved.toml, written to a temporary sibling folder and renamed into place at
// the end so that a killed run never leaves something that looks complete.
#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/output/indicators.hpp>

namespace nisim::output {

/// Raised when the output folder cannot be used (exists and is not empty, not writable).
/// The CLI treats it as bad input (exit 2).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A folder being written. Construct it before the run starts (this checks `target`
/// and creates `<target>.tmp-<pid>` beside it); write files into staging(); commit()
/// renames the staging folder to `target`. If the object is destroyed without commit()
/// the staging folder is removed.
class RunFolder {
 public:
  /// `overwrite`: replace an existing non-empty target (otherwise OutputError).
  /// The target's parent directories are created if needed.
  RunFolder(std::filesystem::path target, bool overwrite);
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }
  /// Atomically publishes the folder (rename). After this, staging() is gone.
  void commit();

 private:
  std::filesystem::path target_, staging_;
  bool overwrite_ = false, committed_ = false;
};

/// Writes `rows` as tidy CSV with header `run,scenario,seed,year,indicator,value`.
/// Values are printed with the shortest representation that round-trips (so identical
/// doubles give identical bytes).
void write_indicators_csv(const std::filesystem::path& file, const RunIdentity& id,
                          const std::vector<IndicatorRow>& rows);

/// Creates (or appends to) an SQLite database with tables
///   indicators(run TEXT, scenario TEXT, seed INTEGER, year INTEGER, indicator TEXT, value REAL)
///   runs(run TEXT PRIMARY KEY, scenario TEXT, seed INTEGER, status TEXT, error TEXT,
///        manifest TEXT)   -- manifest is the JSON text
/// in WAL mode, in one transaction. Throws std::runtime_error with SQLite's message.
void write_sqlite(const std::filesystem::path& file, const RunIdentity& id,
                  const std::vector<IndicatorRow>& rows, const std::string& status,
                  const std::string& error, const nlohmann::json& manifest);

/// Writes `text` to `file` (whole file, binary-exact).
void write_text(const std::filesystem::path& file, const std::string& text);

/// Hex sha256 of `data` (OpenSSL).
std::string sha256_hex(const std::string& data);

/// Peak resident set size of this process in bytes (from /proc/self/status VmHWM).
std::size_t peak_rss_bytes();

/// Current UTC time as ISO 8601, e.g. "2026-11-25T15:40:47Z".
std::string utc_now_iso8601();

}  // namespace nisim::output
