#include <nisim/experiment/store.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include <nisim/experiment/outputs.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/output/sqlite_db.hpp>

namespace nisim::experiment {

namespace fs = std::filesystem;
using output::OutputError;
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

/// Columns the reader relies on, per table.
const std::vector<std::pair<std::string, std::vector<std::string>>> kRequiredColumns = {
    {"experiment", {"key", "value"}},
    {"runs", {"run", "run_index", "point", "replication", "scenario", "seed", "status", "error", "parameters", "manifest"}},
    {"indicators", {"run", "scenario", "seed", "year", "indicator", "value"}}};

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// nlohmann's message without its "[json.exception.type_error.302] " prefix.
std::string plain(const std::exception& e) {
  std::string s = e.what();
  if (!s.empty() && s[0] == '[')
    if (auto p = s.find("] "); p != std::string::npos) s.erase(0, p + 2);
  return s;
}

// --- Checked reading of columns: a damaged store is refused, never read as 0. ---

/// Where a value comes from, for messages.
struct Cell {
  const fs::path& file;
  const char* table;
  const std::string& run;
};

[[noreturn]] void damaged(const Cell& at, const char* column, const std::string& what) {
  throw OutputError(fmt::format("{}: table {}, run {}, column {}: {} (the store is damaged)", at.file.string(),
                                at.table, at.run.empty() ? "?" : at.run, column, what));
}

std::int64_t int_col(const SqliteStmt& q, int c, const Cell& at, const char* column) {
  const int t = q.col_type(c);
  if (t == SQLITE_NULL) damaged(at, column, "NULL where an integer belongs");
  if (t != SQLITE_INTEGER) damaged(at, column, fmt::format("'{}' is not an integer", q.col_text(c)));
  return q.col_int(c);
}

double real_col(const SqliteStmt& q, int c, const Cell& at, const char* column) {
  const int t = q.col_type(c);
  if (t == SQLITE_NULL) damaged(at, column, "NULL where a number belongs");
  if (t != SQLITE_FLOAT && t != SQLITE_INTEGER) damaged(at, column, fmt::format("'{}' is not a number", q.col_text(c)));
  const double v = q.col_real(c);
  if (!std::isfinite(v)) damaged(at, column, fmt::format("{} is not a finite number", v));
  return v;
}

std::string text_col(const SqliteStmt& q, int c, const Cell& at, const char* column) {
  const int t = q.col_type(c);
  if (t == SQLITE_NULL) damaged(at, column, "NULL where a text belongs");
  if (t != SQLITE_TEXT) damaged(at, column, "not a text");
  return q.col_text(c);
}

nlohmann::json json_object_col(const SqliteStmt& q, int c, const Cell& at, const char* column) {
  const std::string text = text_col(q, c, at, column);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    damaged(at, column, fmt::format("not valid JSON (syntax error at byte {})", e.byte));
  }
  if (!j.is_object()) damaged(at, column, "not a JSON object");
  return j;
}

constexpr const char* kSelectRuns =
    "SELECT run, run_index, point, replication, scenario, seed, status, error, parameters, manifest "
    "FROM runs ORDER BY run_index";

RunRecord read_record(const SqliteStmt& q, const fs::path& file) {
  RunRecord r;
  const std::string unknown;
  r.id = text_col(q, 0, {file, "runs", unknown}, "run");
  const Cell at{file, "runs", r.id};
  const std::int64_t index = int_col(q, 1, at, "run_index");
  if (index < 0) damaged(at, "run_index", fmt::format("{} is negative", index));
  r.index = static_cast<std::size_t>(index);
  r.point = static_cast<int>(int_col(q, 2, at, "point"));
  r.replication = static_cast<int>(int_col(q, 3, at, "replication"));
  r.scenario = text_col(q, 4, at, "scenario");
  r.seed = static_cast<std::uint64_t>(int_col(q, 5, at, "seed"));
  r.status = text_col(q, 6, at, "status");
  if (r.status != "ok" && r.status != "failed")
    damaged(at, "status", fmt::format("'{}' is neither 'ok' nor 'failed'", r.status));
  r.error = q.col_null(7) ? std::string() : text_col(q, 7, at, "error");
  r.parameters = json_object_col(q, 8, at, "parameters");
  r.manifest = json_object_col(q, 9, at, "manifest");
  return r;
}

/// Checks a meta written by nisim (format kMetaFormat): every key the readers use is
/// there with its type, and the plan reads back.
void check_meta(const nlohmann::json& m, const fs::path& file) {
  auto bad = [&](const std::string& what) {
    return OutputError(fmt::format("{}: the experiment's description (table experiment, key 'meta') is damaged: {}",
                                   file.string(), what));
  };
  auto need = [&](const nlohmann::json& obj, const char* key, auto is_type, const char* type, const std::string& in) {
    if (!obj.contains(key) || !is_type(obj.at(key)))
      throw bad(fmt::format("'{}{}' is missing or not {}", in, key, type));
  };
  const auto is_string = [](const nlohmann::json& j) { return j.is_string(); };
  const auto is_object = [](const nlohmann::json& j) { return j.is_object(); };
  const auto is_int = [](const nlohmann::json& j) { return j.is_number_integer(); };
  need(m, "fingerprint", is_string, "a text", "");
  need(m, "plan", is_object, "an object", "");
  need(m, "scenario", is_object, "an object", "");
  for (const char* k : {"name", "file", "sha256", "resolved_toml"}) need(m.at("scenario"), k, is_string, "a text", "scenario.");
  need(m, "shard", is_object, "an object", "");
  need(m.at("shard"), "k", is_int, "an integer", "shard.");
  need(m.at("shard"), "count", is_int, "an integer", "shard.");
  const auto k = m.at("shard").at("k").get<std::int64_t>(), count = m.at("shard").at("count").get<std::int64_t>();
  if (k < 1 || k > count) throw bad(fmt::format("shard {}/{} is not k/K with 1 <= k <= K", k, count));
  if (m.contains("write_csv") && !m.at("write_csv").is_boolean()) throw bad("'write_csv' is not true or false");
  ExperimentPlan plan;
  try {
    plan = plan_from_json(m.at("plan"));
  } catch (const nlohmann::json::exception& e) {
    throw bad(fmt::format("'plan' is malformed ({})", plain(e)));
  } catch (const std::invalid_argument& e) {
    throw bad(fmt::format("'plan' is malformed ({})", e.what()));
  }
  if (plan.verb != "ensemble" && plan.verb != "sweep") throw bad(fmt::format("plan.verb '{}' is unknown", plan.verb));
  if (plan.replications < 1) throw bad(fmt::format("plan.replications is {}", plan.replications));
  const std::size_t P = plan.points();
  if (P == 0 || plan.design.group.size() != P || plan.design.role.size() != P)
    throw bad("plan.design has no points, or its points, groups and roles differ in number");
  for (const auto& p : plan.design.points)
    if (p.size() != plan.design.params.size()) throw bad("a design point does not have one value per parameter");
}

std::set<std::string> columns_of(output::SqliteDb& db, const std::string& table) {
  std::set<std::string> cols;
  SqliteStmt q(db, fmt::format("SELECT name FROM pragma_table_info('{}')", table).c_str());
  while (q.next("reading the columns of a table")) cols.insert(q.col_text(0));
  return cols;
}

/// Refuses a file that is not an experiment store, saying what it is instead.
void check_is_experiment_store(output::SqliteDb& db, const fs::path& file) {
  std::set<std::string> tables;
  {
    SqliteStmt q(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (q.next("reading the list of tables")) tables.insert(q.col_text(0));
  }
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (tables.empty())
    throw OutputError(fmt::format("{} is an SQLite database without tables, not an experiment store", file.string()));
  if (!tables.count("experiment")) {
    if (tables.count("runs") && tables.count("indicators") && !columns_of(db, "runs").count("run_index"))
      throw NotAnExperimentError(fmt::format(
          "{} is a run folder (written by nisim run), not an experiment folder (written by nisim ensemble or "
          "nisim sweep)",
          dir.string()));
    throw OutputError(fmt::format("{} is not an experiment store (it has no table 'experiment')", file.string()));
  }
  for (const auto& [table, need] : kRequiredColumns) {
    if (!tables.count(table))
      throw OutputError(fmt::format("{}: the experiment store has no table '{}' (the store is damaged)", file.string(), table));
    const auto have = columns_of(db, table);
    for (const auto& c : need)
      if (!have.count(c))
        throw OutputError(fmt::format("{}: table {} has no column '{}' (the store is damaged)", file.string(), table, c));
  }
}

/// The store must exist and not be empty; says so in plain words.
void check_exists_not_empty(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw OutputError(fmt::format("{} does not exist", file.string()));
  if (fs::is_directory(file, ec)) throw OutputError(fmt::format("{} is a folder, not an experiment store", file.string()));
  if (fs::file_size(file, ec) == 0 && !ec)
    throw OutputError(fmt::format("{} is empty (0 bytes): not an experiment store", file.string()));
}

/// Writing needs the file and its folder (for -wal and -shm) writable.
void check_writable(const fs::path& file) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  for (const fs::path& p : {file, dir})
    if (::access(p.c_str(), W_OK) != 0)
      throw OutputError(fmt::format("{} cannot be written ({}): continuing an experiment needs write access to its "
                                    "folder and its results.sqlite",
                                    p.string(), std::strerror(errno)));
}

void sync_folder_of(const fs::path& file) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // best effort: the rename is atomic whether or not it is durable yet
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

ExperimentStore::ExperimentStore(const fs::path& file, Mode mode) : file_(file) {
  std::error_code ec;
  if (mode == Mode::Create && !fs::exists(file, ec)) {
    pending_ = true;  // created atomically on first use
    return;
  }
  check_exists_not_empty(file);
  if (mode == Mode::ReadOnly) {
    db_ = std::make_unique<output::SqliteDb>(file, false, true);
    check_is_experiment_store(*db_, file);
    return;
  }
  check_writable(file);
  open_for_writing();
}

void ExperimentStore::open_for_writing() {
  db_ = std::make_unique<output::SqliteDb>(file_, false, false);
  if (db_->read_only())
    throw OutputError(fmt::format("{} cannot be written (a read-only file or file system): continuing an experiment "
                                  "needs write access",
                                  file_.string()));
  check_is_experiment_store(*db_, file_);
  db_->use_wal();
  // Tables a store of an older version may lack; one transaction, so all or none.
  output::SqliteTransaction tx(*db_);
  db_->exec(kSchema, "creating the tables");
  db_->exec(output::kIndicatorsSchema, "creating the tables");
  tx.commit();
}

void ExperimentStore::create_atomically(const nlohmann::json* meta) {
  const fs::path tmp = file_.string() + fmt::format(".tmp-{}", static_cast<long>(::getpid()));
  auto cleanup = [&] {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(tmp.string() + suffix, ec);
  };
  cleanup();
  try {
    output::SqliteDb db(tmp, true, false);
    // Rollback journal while creating: the file is renamed afterwards, and a WAL file
    // would keep the temporary name.
    db.exec("PRAGMA journal_mode=DELETE", "setting the rollback journal");
    output::SqliteTransaction tx(db);
    db.exec(kSchema, "creating the tables");
    db.exec(output::kIndicatorsSchema, "creating the tables");
    if (meta) {
      SqliteStmt q(db, "INSERT INTO experiment(key, value) VALUES('meta', ?1)");
      q.text(1, dump(*meta));
      q.run("writing the experiment's meta");
    }
    tx.commit();
  } catch (const OutputError& e) {
    cleanup();
    throw OutputError(fmt::format("cannot create {}: {}", file_.string(), e.what()));
  } catch (...) {
    cleanup();
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, file_, ec);
  if (ec) {
    cleanup();
    throw OutputError(fmt::format("cannot rename {} to {}: {}", tmp.string(), file_.string(), ec.message()));
  }
  sync_folder_of(file_);
  pending_ = false;
  open_for_writing();
}

output::SqliteDb& ExperimentStore::db() {
  if (pending_) create_atomically(nullptr);
  return *db_;
}

ExperimentStore::~ExperimentStore() = default;

std::optional<nlohmann::json> ExperimentStore::meta() {
  if (pending_) return std::nullopt;
  SqliteStmt q(db(), "SELECT value FROM experiment WHERE key = 'meta'");
  if (!q.next("reading the experiment's meta")) return std::nullopt;
  const std::string meta_key = "meta";
  const Cell at{file_, "experiment", meta_key};
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text_col(q, 0, at, "value"));
  } catch (const nlohmann::json::parse_error& e) {
    throw OutputError(fmt::format("{}: the experiment's description (table experiment, key 'meta') is not valid JSON "
                                  "(syntax error at byte {}; the store is damaged)",
                                  file_.string(), e.byte));
  }
  while (q.next("reading the experiment's meta")) {
  }
  if (!j.is_object())
    throw OutputError(fmt::format("{}: the experiment's description (table experiment, key 'meta') is not a JSON "
                                  "object (the store is damaged)",
                                  file_.string()));
  if (j.contains("format") && j.at("format") == kMetaFormat) check_meta(j, file_);
  return j;
}

void ExperimentStore::set_meta(const nlohmann::json& meta) {
  if (pending_) {
    create_atomically(&meta);
    return;
  }
  SqliteStmt q(db(), "INSERT INTO experiment(key, value) VALUES('meta', ?1) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.text(1, dump(meta));
  q.run("writing the experiment's meta");
}

void ExperimentStore::commit(const RunRecord& run, const std::vector<output::IndicatorRow>& rows) {
  output::check_finite_rows(rows, fmt::format("run {}: ", run.id));
  output::SqliteTransaction tx(db());
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
    up.run("recording a run");
  }
  tx.commit();
}

std::vector<RunRecord> ExperimentStore::runs() {
  std::vector<RunRecord> out;
  SqliteStmt q(db(), kSelectRuns);
  while (q.next("reading the runs")) out.push_back(read_record(q, file_));
  return out;
}

void ExperimentStore::for_each_run(
    const std::function<void(const RunRecord&, const std::vector<output::IndicatorRow>&)>& f) {
  SqliteStmt q(db(), kSelectRuns);
  SqliteStmt rows_q(*db_, "SELECT year, indicator, value FROM indicators WHERE run = ?1 ORDER BY rowid");
  std::vector<output::IndicatorRow> rows;
  std::set<std::pair<std::string, int>> seen;
  while (q.next("reading the runs")) {
    const RunRecord r = read_record(q, file_);
    const Cell at{file_, "indicators", r.id};
    rows.clear();
    seen.clear();
    rows_q.text(1, r.id);
    while (rows_q.next("reading a run's indicators")) {
      output::IndicatorRow row{static_cast<int>(int_col(rows_q, 0, at, "year")), text_col(rows_q, 1, at, "indicator"),
                               real_col(rows_q, 2, at, "value")};
      if (!seen.emplace(row.indicator, row.year).second)
        damaged(at, "indicator", fmt::format("{} in {} appears twice", row.indicator, row.year));
      rows.push_back(std::move(row));
    }
    f(r, rows);
  }
}

void ExperimentStore::for_each_row(const std::function<void(const std::string&, const std::string&, std::int64_t,
                                                            int, const std::string&, double)>& f) {
  // Run ids are zero-padded to one width, so their text order is the run order; the
  // index on run keeps each run's rows in insertion (rowid) order.
  SqliteStmt q(db(), "SELECT run, scenario, seed, year, indicator, value FROM indicators ORDER BY run, rowid");
  const std::string unknown;
  while (q.next("reading the indicators")) {
    const std::string run = text_col(q, 0, {file_, "indicators", unknown}, "run");
    const Cell at{file_, "indicators", run};
    f(run, text_col(q, 1, at, "scenario"), int_col(q, 2, at, "seed"), static_cast<int>(int_col(q, 3, at, "year")),
      text_col(q, 4, at, "indicator"), real_col(q, 5, at, "value"));
  }
}

void ExperimentStore::for_each_group(int point,
                                     const std::function<void(const std::string&, int, std::vector<double>&)>& f) {
  const char* all = "SELECT indicator, year, value, run FROM indicators ORDER BY indicator, year";
  const char* one =
      "SELECT indicator, year, value, run FROM indicators "
      "WHERE run IN (SELECT run FROM runs WHERE point = ?1 AND status = 'ok') ORDER BY indicator, year";
  SqliteStmt q(db(), point < 0 ? all : one);
  if (point >= 0) q.integer(1, point);
  std::string cur;
  int cur_year = 0;
  bool have = false;
  std::vector<double> values;
  while (q.next("reading the indicators")) {
    const std::string run = q.col_text(3);
    const Cell at{file_, "indicators", run};
    std::string ind = text_col(q, 0, at, "indicator");
    const int year = static_cast<int>(int_col(q, 1, at, "year"));
    const double v = real_col(q, 2, at, "value");
    if (have && (ind != cur || year != cur_year)) {
      f(cur, cur_year, values);
      values.clear();
    }
    if (!have || ind != cur) cur = std::move(ind);
    cur_year = year;
    have = true;
    values.push_back(v);
  }
  if (have) f(cur, cur_year, values);
}

std::vector<std::pair<std::size_t, double>> ExperimentStore::values_of(const std::string& indicator, int year) {
  SqliteStmt q(db(),
               "SELECT r.run_index, i.value, i.run FROM indicators i JOIN runs r ON r.run = i.run "
               "WHERE i.indicator = ?1 AND i.year = ?2 ORDER BY r.run_index");
  q.text(1, indicator);
  q.integer(2, year);
  std::vector<std::pair<std::size_t, double>> out;
  while (q.next("reading values")) {
    const std::string run = q.col_text(2);
    const Cell at{file_, "indicators", run};
    const auto index = static_cast<std::size_t>(int_col(q, 0, at, "run_index"));
    const double v = real_col(q, 1, at, "value");
    if (!out.empty() && out.back().first == index)
      damaged(at, "indicator", fmt::format("{} in {} appears twice", indicator, year));
    out.emplace_back(index, v);
  }
  return out;
}

void ExperimentStore::write_summary(
    const std::function<void(const std::function<void(int, const std::string&, int, const Stats&)>&)>& fill) {
  output::SqliteTransaction tx(db());
  db_->exec("DELETE FROM summary", "clearing the summary");
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
    ins.run("writing the summary");
  });
  tx.commit();
}

void ExperimentStore::checkpoint() {
  // A read-only store has nothing to fold; a writer's store is finished here.
  if (db().read_only()) return;
  db_->use_rollback_journal();
}

// --- SeededGroups ---

SeededGroups::SeededGroups(ExperimentStore& store) : store_(store) {
  q_ = std::make_unique<SqliteStmt>(
      store.db(),
      "SELECT i.indicator, i.year, r.seed, i.value, i.run FROM indicators i JOIN runs r ON r.run = i.run "
      "WHERE r.status = 'ok' ORDER BY i.indicator, i.year, r.run_index");
}

SeededGroups::~SeededGroups() = default;

bool SeededGroups::read_row() {
  if (!q_->next("reading the indicators")) return false;
  const std::string run = q_->col_text(4);
  const Cell at{store_.file(), "indicators", run};
  row_indicator_ = text_col(*q_, 0, at, "indicator");
  row_year_ = static_cast<int>(int_col(*q_, 1, at, "year"));
  row_.run = run;
  row_.seed = static_cast<std::uint64_t>(int_col(*q_, 2, Cell{store_.file(), "runs", run}, "seed"));
  row_.value = real_col(*q_, 3, at, "value");
  return true;
}

bool SeededGroups::next() {
  if (!started_) {
    have_row_ = read_row();
    started_ = true;
  }
  values_.clear();
  if (!have_row_) return false;
  indicator_ = row_indicator_;
  year_ = row_year_;
  while (have_row_ && row_indicator_ == indicator_ && row_year_ == year_) {
    if (!values_.empty() && values_.back().run == row_.run)
      damaged({store_.file(), "indicators", row_.run}, "indicator",
              fmt::format("{} in {} appears twice", indicator_, year_));
    values_.push_back(row_);
    have_row_ = read_row();
  }
  return true;
}

}  // namespace nisim::experiment
