// One folder per run: indicators.csv, results.sqlite, manifest.json and
// scenario.resolved.toml, written to a temporary sibling folder, flushed to disk and
// renamed into place at the end, so that a killed run (or a crash of the machine) never
// leaves something that looks complete and --force never destroys what nisim did not write.
#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/output/indicators.hpp>
#include <nisim/output/safe_fs.hpp>

namespace nisim::output {

/// Raised when an output cannot be written for a reason of the user's input or
/// environment (the folder exists and is not empty, is not nisim's, is an input, is in use
/// by another process, is not writable). The CLI treats it as bad input (exit 2).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A folder being written. Construct it before the run starts: this checks `target` and
/// creates the staging folder `<target>.tmp-<12 random letters and digits>` beside it
/// (make_unique_dir: a name nobody can predict, never an existing path or a planted
/// link); write files into staging(); commit() publishes it as `target`. If the object is
/// destroyed without commit() (an error, an exception, Ctrl-C) the staging folder is
/// removed.
///
/// What may be at `target`:
///   - nothing, or an empty folder (a lone `.nisim.lock` counts as empty): used;
///   - a folder nisim wrote (it holds a nisim manifest.json, see is_nisim_manifest):
///     replaced only with `overwrite` (--force), otherwise OutputError;
///   - anything else (a folder nisim did not write, a file, a link, a device...): never
///     replaced, not even with `overwrite` (OutputError naming the path).
/// `target` is resolved first (`..` and links of its parents; its last component must
/// not be `.` or `..`); a target that is itself a symbolic link is refused.
///
/// Locking: the staging folder holds a `.nisim.lock` flock'ed by this process (removed
/// before publication). A second process writing the same target sees it and is refused
/// (OutputError with the PID); staging folders of the same target whose owner died (a
/// SIGKILL, a second Ctrl-C) are found the same way and removed. Publishing over an
/// existing folder whose own `.nisim.lock` is held (a running experiment) is refused.
///
/// What a committed folder guarantees: every file in it was fsync'ed, then the folder,
/// before it got its final name in one rename (an atomic exchange when it replaces an
/// older folder), and the parent folder was fsync'ed after the rename. So after commit()
/// returns, the folder and all its files survive a power failure or kernel crash, and at
/// no moment, even across a crash, does `target` name a partly written folder: it is
/// either absent, the complete old folder, or the complete new one. A leftover
/// `<target>.tmp-*` is an unfinished write and never a result.
class RunFolder {
 public:
  /// `overwrite`: replace an existing folder that nisim wrote (--force).
  /// The target's parent directories are created if needed.
  RunFolder(std::filesystem::path target, bool overwrite);
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  /// The resolved target (absolute, links of its parents resolved).
  const std::filesystem::path& target() const { return target_; }
  /// Flushes and publishes the folder (see above). After this, staging() is gone.
  void commit();

 private:
  std::filesystem::path target_, staging_;
  FolderLock lock_;
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
/// in rollback-journal mode (readable without write access), in one transaction. Throws
/// OutputError naming the file for what SQLite reports about it.
void write_sqlite(const std::filesystem::path& file, const RunIdentity& id,
                  const std::vector<IndicatorRow>& rows, const std::string& status,
                  const std::string& error, const nlohmann::json& manifest);

/// Writes `text` to `file` (whole file, binary-exact) and fsyncs it. The file is opened
/// with O_NOFOLLOW and must be a regular file (a link, FIFO or device at `file` is an
/// OutputError). Meant for files inside a RunFolder's staging folder, which commit()
/// publishes; elsewhere use experiment::write_atomically.
void write_text(const std::filesystem::path& file, const std::string& text);

/// Hex sha256 of `data` (OpenSSL).
std::string sha256_hex(const std::string& data);

/// Peak resident set size of this process in bytes (from /proc/self/status VmHWM).
std::size_t peak_rss_bytes();

/// Current UTC time as ISO 8601, e.g. "2026-11-25T15:40:47Z".
std::string utc_now_iso8601();

}  // namespace nisim::output
