// A thin RAII layer over the SQLite C API, shared by the run store (results.sqlite of
// `nisim run`) and the experiment store.
//
// Errors: a failure that is the file's or the environment's fault (not an SQLite
// database, a damaged file, read-only, cannot be opened, disk full, I/O error, locked by
// another process, permission) throws OutputError (exit 2) naming the database file, the
// cause in plain words, what was being done and SQLite's own message. Anything else (an
// SQL error of our own, out of memory) throws std::runtime_error (an internal failure).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <nisim/output/indicators.hpp>
#include <nisim/output/run_folder.hpp>

namespace nisim::output {

/// Throws the exception for SQLite result code `code` (primary or extended) met in `file`
/// while doing `what`: OutputError with a plain-words cause for the codes listed above,
/// std::runtime_error otherwise. `detail` is SQLite's message.
[[noreturn]] void throw_sqlite_error(const std::filesystem::path& file, const char* what, int code,
                                     const std::string& detail);

/// Owns a connection; rolls back an open transaction and closes on destruction.
class SqliteDb {
 public:
  /// Opens (and, with `create`, creates) `file`, with a 10 s busy timeout. `read_only`
  /// opens an existing file for reading only (SQLITE_OPEN_READONLY); when this process
  /// cannot write the file's folder and neither `-wal` nor `-shm` is beside the file (so
  /// no writer is live and nothing is waiting in a WAL), it is opened `immutable=1`, which
  /// reads even a WAL-mode file without creating `-shm` (a folder another user owns, a
  /// read-only mount).
  explicit SqliteDb(const std::filesystem::path& file, bool create = true, bool read_only = false);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  sqlite3* get() const { return db_; }
  const std::filesystem::path& file() const { return file_; }
  /// Throws for the connection's last error (see throw_sqlite_error).
  [[noreturn]] void fail(const char* what) const;
  /// Runs one or more statements that return no rows of interest.
  void exec(const char* sql, const char* what);
  /// WAL journal, synchronous=NORMAL: a committed transaction survives a killed process.
  /// Must run outside a transaction.
  void use_wal();
  /// Checkpoints the WAL into the main file and switches to the rollback journal
  /// (journal_mode=DELETE): afterwards no `-wal` or `-shm` file is left beside the closed
  /// file, so readers without write access can open it. Returns false (and leaves the file
  /// in WAL mode, consistent) if another connection holds it open.
  bool use_rollback_journal();
  /// True if the connection cannot write (read-only file, folder or mount).
  bool read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; commit() commits; destruction without commit() rolls
/// back, so an exception part-way leaves the database as it was and usable.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE", "beginning a transaction"); }
  ~SqliteTransaction() {
    if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit() {
    db_.exec("COMMIT", "committing a transaction");
    done_ = true;
  }

 private:
  SqliteDb& db_;
  bool done_ = false;
};

/// Owns a prepared statement. Bind with 1-based indices; run() for statements without
/// rows, next() to step through a query's rows. Columns are 0-based.
class SqliteStmt {
 public:
  SqliteStmt(SqliteDb& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &st_, nullptr) != SQLITE_OK) db.fail("preparing a query");
  }
  ~SqliteStmt() { sqlite3_finalize(st_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  void text(int i, const std::string& s) {
    check(sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  void integer(int i, std::int64_t v) { check(sqlite3_bind_int64(st_, i, v)); }
  void real(int i, double v) { check(sqlite3_bind_double(st_, i, v)); }
  /// Runs the statement to completion and resets it for the next bindings.
  void run(const char* what) {
    if (sqlite3_step(st_) != SQLITE_DONE) {
      sqlite3_reset(st_);
      db_.fail(what);
    }
    sqlite3_reset(st_);
  }
  /// Steps to the next row: true if there is one, false at the end (the statement is then
  /// reset, so it can be bound and run again).
  bool next(const char* what) {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      sqlite3_reset(st_);
      db_.fail(what);
    }
    sqlite3_reset(st_);
    return false;
  }
  std::string col_text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c))) : std::string();
  }
  std::int64_t col_int(int c) const { return sqlite3_column_int64(st_, c); }
  double col_real(int c) const { return sqlite3_column_double(st_, c); }
  bool col_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  /// SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL.
  int col_type(int c) const { return sqlite3_column_type(st_, c); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) db_.fail("binding a value");
  }
  SqliteDb& db_;
  sqlite3_stmt* st_ = nullptr;
};

/// The tidy indicators table, the same in a run folder and an experiment folder:
///   indicators(run TEXT, scenario TEXT, seed INTEGER, year INTEGER, indicator TEXT, value REAL)
/// with indexes on (indicator, year) and on run.
inline constexpr const char* kIndicatorsSchema = R"sql(
CREATE TABLE IF NOT EXISTS indicators(
  run TEXT NOT NULL, scenario TEXT, seed INTEGER, year INTEGER NOT NULL,
  indicator TEXT NOT NULL, value REAL);
CREATE INDEX IF NOT EXISTS indicators_indicator_year ON indicators(indicator, year);
CREATE INDEX IF NOT EXISTS indicators_run ON indicators(run);
)sql";

/// Replaces the rows of run `id.run` in the indicators table with `rows`, in the caller's
/// transaction. Seeds above 2^63 - 1 are stored as their two's-complement value. The
/// caller checks the rows first (check_finite_rows).
void replace_indicator_rows(SqliteDb& db, const RunIdentity& id, const std::vector<IndicatorRow>& rows);

}  // namespace nisim::output
