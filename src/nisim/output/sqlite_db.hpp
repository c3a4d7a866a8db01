// A thin RAII layer over the SQLite C API, shared by the run store (results.sqlite of
// `nisim run`) and the experiment store. Every failure throws std::runtime_error naming
// the database file, what was being done and SQLite's own message.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <nisim/output/indicators.hpp>

namespace nisim::output {

/// Owns a connection; rolls back an open transaction and closes on destruction.
class SqliteDb {
 public:
  /// Opens (and, with `create`, creates) `file`, with a 10 s busy timeout; `read_only`
  /// opens an existing file for reading only (a folder another user owns, for example).
  explicit SqliteDb(const std::filesystem::path& file, bool create = true, bool read_only = false) : file_(file) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error(fmt::format("cannot open {}: {}", file.string(), msg));
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteDb() {
    if (!db_) return;
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
  }
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  sqlite3* get() const { return db_; }
  const std::filesystem::path& file() const { return file_; }
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(
        fmt::format("SQLite error in {} ({}): {}", file_.string(), what, sqlite3_errmsg(db_)));
  }
  /// Runs one or more statements that return no rows of interest.
  void exec(const char* sql, const char* what) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw std::runtime_error(fmt::format("SQLite error in {} ({}): {}", file_.string(), what, msg));
    }
  }
  /// WAL journal, synchronous=NORMAL: a committed transaction survives a killed process.
  void use_wal() {
    exec("PRAGMA journal_mode=WAL", "journal_mode");  // must run outside a transaction
    exec("PRAGMA synchronous=NORMAL", "synchronous");
  }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; commit() commits; destruction without commit() rolls
/// back, so an exception part-way leaves the database as it was and usable.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE", "begin"); }
  ~SqliteTransaction() {
    if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit() {
    db_.exec("COMMIT", "commit");
    done_ = true;
  }

 private:
  SqliteDb& db_;
  bool done_ = false;
};

/// Owns a prepared statement. Bind with 1-based indices; run() for statements without
/// rows, next() to step through a query's rows.
class SqliteStmt {
 public:
  SqliteStmt(SqliteDb& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &st_, nullptr) != SQLITE_OK) db.fail("prepare");
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
    if (sqlite3_step(st_) != SQLITE_DONE) db_.fail(what);
    sqlite3_reset(st_);
  }
  /// Steps to the next row: true if there is one, false at the end (the statement is then
  /// reset, so it can be bound and run again).
  bool next(const char* what) {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) db_.fail(what);
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

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) db_.fail("bind");
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
