// results.sqlite: the tidy indicators plus one row per run, appended in one transaction.
// A run's store is written once, at the end of the run, so it uses the rollback journal
// (journal_mode=DELETE), not WAL: the finished file has no -wal or -shm beside it and can
// be read from a folder the reader cannot write.
#include <nisim/output/run_folder.hpp>
#include <nisim/output/sqlite_db.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

namespace nisim::output {

namespace {

constexpr const char* kRunsSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs(
  run TEXT PRIMARY KEY, scenario TEXT, seed INTEGER, status TEXT, error TEXT, manifest TEXT);
)sql";

/// Seeds are unsigned 64-bit; SQLite integers are signed. Seeds above 2^63-1 are stored
/// as their two's-complement value (read back as uint64 to recover them).
std::int64_t seed_value(std::uint64_t seed) { return static_cast<std::int64_t>(seed); }

}  // namespace

void replace_indicator_rows(SqliteDb& db, const RunIdentity& id, const std::vector<IndicatorRow>& rows) {
  {
    SqliteStmt del(db, "DELETE FROM indicators WHERE run = ?1");
    del.text(1, id.run);
    del.run("deleting the previous rows of the run");
  }
  SqliteStmt ins(db,
                 "INSERT INTO indicators(run, scenario, seed, year, indicator, value) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  for (const IndicatorRow& r : rows) {
    ins.text(1, id.run);
    ins.text(2, id.scenario);
    ins.integer(3, seed_value(id.seed));
    ins.integer(4, r.year);
    ins.text(5, r.indicator);
    ins.real(6, r.value);
    ins.run("writing an indicator row");
  }
}

void write_sqlite(const std::filesystem::path& file, const RunIdentity& id,
                  const std::vector<IndicatorRow>& rows, const std::string& status,
                  const std::string& error, const nlohmann::json& manifest) {
  check_finite_rows(rows);  // before the file is created: nothing half-written
  const std::string manifest_text =
      manifest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  SqliteDb db(file);
  db.use_rollback_journal();  // also converts a file left in WAL mode by an older nisim
  SqliteTransaction tx(db);
  db.exec(kIndicatorsSchema, "creating the tables");
  db.exec(kRunsSchema, "creating the tables");
  // Writing a run again replaces its rows, matching the upsert into runs.
  replace_indicator_rows(db, id, rows);
  {
    SqliteStmt up(db,
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
    up.run("recording the run");
  }
  tx.commit();
}

}  // namespace nisim::output
