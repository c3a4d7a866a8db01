// results.sqlite: the tidy indicators plus one row per run, appended in one transaction.
#include <nisim/output/run_folder.hpp>

#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

namespace nisim::output {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS indicators(
  run TEXT NOT NULL, scenario TEXT, seed INTEGER, year INTEGER NOT NULL,
  indicator TEXT NOT NULL, value REAL);
CREATE INDEX IF NOT EXISTS indicators_indicator_year ON indicators(indicator, year);
CREATE INDEX IF NOT EXISTS indicators_run ON indicators(run);
CREATE TABLE IF NOT EXISTS runs(
  run TEXT PRIMARY KEY, scenario TEXT, seed INTEGER, status TEXT, error TEXT, manifest TEXT);
)sql";

/// Owns a connection; rolls back an open transaction and closes on destruction.
class Db {
 public:
  explicit Db(const std::filesystem::path& file) : file_(file) {
    const int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                   nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error(fmt::format("cannot open {}: {}", file.string(), msg));
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Db() {
    if (!db_) return;
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(
        fmt::format("SQLite error in {} ({}): {}", file_.string(), what, sqlite3_errmsg(db_)));
  }
  void exec(const char* sql, const char* what) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw std::runtime_error(fmt::format("SQLite error in {} ({}): {}", file_.string(), what, msg));
    }
  }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// Owns a prepared statement.
class Stmt {
 public:
  Stmt(Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &st_, nullptr) != SQLITE_OK) db.fail("prepare");
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

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

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) db_.fail("bind");
  }
  Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

/// Seeds are unsigned 64-bit; SQLite integers are signed. Seeds above 2^63-1 are stored
/// as their two's-complement value (read back as uint64 to recover them).
std::int64_t seed_value(std::uint64_t seed) { return static_cast<std::int64_t>(seed); }

}  // namespace

void write_sqlite(const std::filesystem::path& file, const RunIdentity& id,
                  const std::vector<IndicatorRow>& rows, const std::string& status,
                  const std::string& error, const nlohmann::json& manifest) {
  for (const IndicatorRow& r : rows)
    if (!std::isfinite(r.value))
      throw std::invalid_argument(fmt::format("indicator {} in year {} is not finite ({})",
                                              r.indicator, r.year, r.value));
  const std::string manifest_text =
      manifest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  Db db(file);
  // journal_mode returns a row; sqlite3_exec ignores it. Must run outside a transaction.
  db.exec("PRAGMA journal_mode=WAL", "journal_mode");
  db.exec("PRAGMA synchronous=NORMAL", "synchronous");
  db.exec("BEGIN IMMEDIATE", "begin");
  db.exec(kSchema, "create tables");

  // Writing a run again replaces its rows, matching the upsert into runs.
  {
    Stmt del(db, "DELETE FROM indicators WHERE run = ?1");
    del.text(1, id.run);
    del.run("delete previous rows of the run");
  }
  {
    Stmt ins(db,
             "INSERT INTO indicators(run, scenario, seed, year, indicator, value) "
             "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    for (const IndicatorRow& r : rows) {
      ins.text(1, id.run);
      ins.text(2, id.scenario);
      ins.integer(3, seed_value(id.seed));
      ins.integer(4, r.year);
      ins.text(5, r.indicator);
      ins.real(6, r.value);
      ins.run("insert indicator");
    }
  }
  {
    Stmt up(db,
            "INSERT INTO runs(run, scenario, seed, status, error, manifest) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT(run) DO UPDATE SET scenario = excluded.scenario, seed = excluded.seed, "
            "status = excluded.status, error = excluded.error, manifest = excluded.manifest");
    up.text(1, id.run);
    up.text(2, id.scenario);
    up.integer(3, seed_value(id.seed));
    up.text(4, status);
    up.text(5, error);
    up.text(6, manifest_text);
    up.run("upsert run");
  }
  db.exec("COMMIT", "commit");
}

}  // namespace nisim::output
