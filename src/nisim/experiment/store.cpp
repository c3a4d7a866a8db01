#include <nisim/experiment/store.hpp>

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/output/sqlite_db.hpp>

namespace nisim::experiment {

using output::SqliteStmt;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS experiment(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs(
  run TEXT PRIMARY KEY, run_index INTEGER NOT NULL UNIQUE, point INTEGER, replication INTEGER,
  scenario TEXT, seed INTEGER, status TEXT, error TEXT, parameters TEXT, manifest TEXT);
CREATE INDEX IF NOT EXISTS runs_point ON runs(point);
CREATE TABLE IF NOT EXISTS summary(
  point INTEGER, indicator TEXT, year INTEGER, n INTEGER, mean REAL, sd REAL,
  q05 REAL, q25 REAL, q50 REAL, q75 REAL, q95 REAL);
)sql";

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RunRecord read_record(const SqliteStmt& q) {
  RunRecord r;
  r.id = q.col_text(0);
  r.index = static_cast<std::size_t>(q.col_int(1));
  r.point = static_cast<int>(q.col_int(2));
  r.replication = static_cast<int>(q.col_int(3));
  r.scenario = q.col_text(4);
  r.seed = static_cast<std::uint64_t>(q.col_int(5));
  r.status = q.col_text(6);
  r.error = q.col_text(7);
  r.parameters = nlohmann::json::parse(q.col_text(8));
  r.manifest = nlohmann::json::parse(q.col_text(9));
  return r;
}

constexpr const char* kSelectRuns =
    "SELECT run, run_index, point, replication, scenario, seed, status, error, parameters, manifest "
    "FROM runs ORDER BY run_index";

}  // namespace

ExperimentStore::ExperimentStore(const std::filesystem::path& file, Mode mode) {
  if (mode != Mode::Create && !std::filesystem::exists(file))
    throw std::runtime_error(fmt::format("{} does not exist", file.string()));
  db_ = std::make_unique<output::SqliteDb>(file, mode == Mode::Create, mode == Mode::ReadOnly);
  if (mode == Mode::ReadOnly) return;
  db_->use_wal();
  db_->exec(kSchema, "create tables");
  db_->exec(output::kIndicatorsSchema, "create tables");
}

ExperimentStore::~ExperimentStore() = default;

std::optional<nlohmann::json> ExperimentStore::meta() {
  SqliteStmt q(*db_, "SELECT value FROM experiment WHERE key = 'meta'");
  if (!q.next("read meta")) return std::nullopt;
  auto j = nlohmann::json::parse(q.col_text(0));
  while (q.next("read meta")) {
  }
  return j;
}

void ExperimentStore::set_meta(const nlohmann::json& meta) {
  SqliteStmt q(*db_, "INSERT INTO experiment(key, value) VALUES('meta', ?1) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.text(1, dump(meta));
  q.run("write meta");
}

void ExperimentStore::commit(const RunRecord& run, const std::vector<output::IndicatorRow>& rows) {
  output::check_finite_rows(rows, fmt::format("run {}: ", run.id));
  output::SqliteTransaction tx(*db_);
  output::replace_indicator_rows(*db_, {run.id, run.scenario, run.seed}, rows);
  {
    SqliteStmt up(*db_,
                  "INSERT OR REPLACE INTO runs(run, run_index, point, replication, scenario, seed, status, "
                  "error, parameters, manifest) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    up.text(1, run.id);
    up.integer(2, static_cast<std::int64_t>(run.index));
    up.integer(3, run.point);
    up.integer(4, run.replication);
    up.text(5, run.scenario);
    up.integer(6, static_cast<std::int64_t>(run.seed));
    up.text(7, run.status);
    up.text(8, run.error);
    up.text(9, dump(run.parameters));
    up.text(10, dump(run.manifest));
    up.run("record run");
  }
  tx.commit();
}

std::vector<RunRecord> ExperimentStore::runs() {
  std::vector<RunRecord> out;
  SqliteStmt q(*db_, kSelectRuns);
  while (q.next("read runs")) out.push_back(read_record(q));
  return out;
}

void ExperimentStore::for_each_run(
    const std::function<void(const RunRecord&, const std::vector<output::IndicatorRow>&)>& f) {
  SqliteStmt q(*db_, kSelectRuns);
  SqliteStmt rows_q(*db_, "SELECT year, indicator, value FROM indicators WHERE run = ?1 ORDER BY rowid");
  std::vector<output::IndicatorRow> rows;
  while (q.next("read runs")) {
    const RunRecord r = read_record(q);
    rows.clear();
    rows_q.text(1, r.id);
    while (rows_q.next("read rows"))
      rows.push_back({static_cast<int>(rows_q.col_int(0)), rows_q.col_text(1), rows_q.col_real(2)});
    f(r, rows);
  }
}

void ExperimentStore::for_each_row(const std::function<void(const std::string&, const std::string&, std::int64_t,
                                                            int, const std::string&, double)>& f) {
  // Run ids are zero-padded to one width, so their text order is the run order; the
  // index on run keeps each run's rows in insertion (rowid) order.
  SqliteStmt q(*db_, "SELECT run, scenario, seed, year, indicator, value FROM indicators ORDER BY run, rowid");
  while (q.next("read indicators"))
    f(q.col_text(0), q.col_text(1), q.col_int(2), static_cast<int>(q.col_int(3)), q.col_text(4), q.col_real(5));
}

void ExperimentStore::for_each_group(int point,
                                     const std::function<void(const std::string&, int, std::vector<double>&)>& f) {
  const char* all = "SELECT indicator, year, value FROM indicators ORDER BY indicator, year";
  const char* one =
      "SELECT indicator, year, value FROM indicators "
      "WHERE run IN (SELECT run FROM runs WHERE point = ?1 AND status = 'ok') ORDER BY indicator, year";
  SqliteStmt q(*db_, point < 0 ? all : one);
  if (point >= 0) q.integer(1, point);
  std::string cur;
  int cur_year = 0;
  bool have = false;
  std::vector<double> values;
  while (q.next("read indicators")) {
    std::string ind = q.col_text(0);
    const int year = static_cast<int>(q.col_int(1));
    if (have && (ind != cur || year != cur_year)) {
      f(cur, cur_year, values);
      values.clear();
    }
    if (!have || ind != cur) cur = std::move(ind);
    cur_year = year;
    have = true;
    values.push_back(q.col_real(2));
  }
  if (have) f(cur, cur_year, values);
}

std::vector<std::pair<std::size_t, double>> ExperimentStore::values_of(const std::string& indicator, int year) {
  SqliteStmt q(*db_,
               "SELECT r.run_index, i.value FROM indicators i JOIN runs r ON r.run = i.run "
               "WHERE i.indicator = ?1 AND i.year = ?2 ORDER BY r.run_index");
  q.text(1, indicator);
  q.integer(2, year);
  std::vector<std::pair<std::size_t, double>> out;
  while (q.next("read values")) out.emplace_back(static_cast<std::size_t>(q.col_int(0)), q.col_real(1));
  return out;
}

void ExperimentStore::write_summary(
    const std::function<void(const std::function<void(int, const std::string&, int, const Stats&)>&)>& fill) {
  output::SqliteTransaction tx(*db_);
  db_->exec("DELETE FROM summary", "clear summary");
  SqliteStmt ins(*db_, "INSERT INTO summary(point, indicator, year, n, mean, sd, q05, q25, q50, q75, q95) "
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  fill([&](int point, const std::string& indicator, int year, const Stats& s) {
    ins.integer(1, point);
    ins.text(2, indicator);
    ins.integer(3, year);
    ins.integer(4, static_cast<std::int64_t>(s.n));
    ins.real(5, s.mean);
    ins.real(6, s.sd);
    for (int k = 0; k < 5; ++k) ins.real(7 + k, s.q[k]);
    ins.run("insert summary");
  });
  tx.commit();
}

void ExperimentStore::checkpoint() { db_->exec("PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint"); }

}  // namespace nisim::experiment
