#include <nisim/output/run_folder.hpp>

#include <sqlite3.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nisim::output::IndicatorRow;
using nisim::output::RunIdentity;
using nisim::output::write_sqlite;
using nisim::test_support::TempDir;

namespace {

/// A read-only connection used to check what write_sqlite stored.
class Reader {
 public:
  explicit Reader(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
  }
  ~Reader() { sqlite3_close(db_); }

  /// All rows of `sql`, each cell as text ("NULL" for null).
  std::vector<std::vector<std::string>> query(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    std::vector<std::vector<std::string>> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }
  double real(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    double v = std::nan("");
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  std::string text(const std::string& sql) {
    auto rows = query(sql);
    return rows.empty() || rows[0].empty() ? std::string("<none>") : rows[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
};

const std::vector<IndicatorRow> kRows = {
    {2010, "gerd_cny_bn", 706.3}, {2010, "researchers_fte", 1210000}, {2011, "gerd_cny_bn", 0.1}};

}  // namespace

TEST(SqliteStore, WritesRowsRunAndARollbackJournalStore) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  const nlohmann::json manifest = {{"version", "0.1.0"}, {"seeds", {42}}, {"name", "tax, \"credit\""}};
  write_sqlite(file, {"run-0001", "baseline", 42}, kRows, "ok", "", manifest);
  // Finished: no -wal or -shm beside it, so a reader without write access can open it.
  EXPECT_FALSE(fs::exists(file.string() + "-wal"));
  EXPECT_FALSE(fs::exists(file.string() + "-shm"));

  Reader db(file);
  EXPECT_EQ(db.text("PRAGMA journal_mode"), "delete");
  const auto rows =
      db.query("SELECT run, scenario, seed, year, indicator, typeof(value) FROM indicators "
               "ORDER BY rowid");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"run-0001", "baseline", "42", "2010",
                                               "gerd_cny_bn", "real"}));
  EXPECT_EQ(rows[2][3], "2011");
  // Doubles are stored exactly.
  EXPECT_EQ(db.real("SELECT value FROM indicators WHERE year = 2010 AND indicator = 'gerd_cny_bn'"),
            706.3);
  EXPECT_EQ(db.real("SELECT value FROM indicators WHERE year = 2011"), 0.1);
  EXPECT_EQ(db.real("SELECT value FROM indicators WHERE indicator = 'researchers_fte'"), 1210000.0);

  const auto runs = db.query("SELECT run, scenario, seed, status, error, manifest FROM runs");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0][0], "run-0001");
  EXPECT_EQ(runs[0][1], "baseline");
  EXPECT_EQ(runs[0][2], "42");
  EXPECT_EQ(runs[0][3], "ok");
  EXPECT_EQ(runs[0][4], "");
  EXPECT_EQ(nlohmann::json::parse(runs[0][5]), manifest);

  // The (indicator, year) index exists.
  EXPECT_EQ(db.text("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                    "tbl_name = 'indicators' AND sql LIKE '%(indicator, year)%'"),
            "1");
}

TEST(SqliteStore, SecondRunAppends) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  write_sqlite(file, {"run-0001", "baseline", 1}, kRows, "ok", "", {{"run", 1}});
  write_sqlite(file, {"run-0002", "tax, high", 2}, {{2010, "gerd_cny_bn", 800}}, "ok", "",
               {{"run", 2}});
  write_sqlite(file, {"run-0003", "broken", 3}, {}, "failed", "year 2015: negative stock",
               {{"run", 3}});

  Reader db(file);
  EXPECT_EQ(db.text("SELECT count(*) FROM indicators"), "4");
  EXPECT_EQ(db.text("SELECT count(*) FROM indicators WHERE run = 'run-0002'"), "1");
  EXPECT_EQ(db.text("SELECT scenario FROM indicators WHERE run = 'run-0002'"), "tax, high");
  const auto runs = db.query("SELECT run, status, error, manifest FROM runs ORDER BY run");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1][0], "run-0002");
  EXPECT_EQ(nlohmann::json::parse(runs[1][3])["run"], 2);
  EXPECT_EQ(runs[2][1], "failed");
  EXPECT_EQ(runs[2][2], "year 2015: negative stock");
}

TEST(SqliteStore, RewritingARunReplacesIt) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  write_sqlite(file, {"run-0001", "baseline", 1}, kRows, "failed", "boom", {{"try", 1}});
  write_sqlite(file, {"run-0001", "baseline", 1}, {{2010, "gerd_cny_bn", 5}}, "ok", "",
               {{"try", 2}});
  Reader db(file);
  EXPECT_EQ(db.text("SELECT count(*) FROM runs"), "1");
  EXPECT_EQ(db.text("SELECT status FROM runs"), "ok");
  EXPECT_EQ(nlohmann::json::parse(db.text("SELECT manifest FROM runs"))["try"], 2);
  EXPECT_EQ(db.text("SELECT count(*) FROM indicators"), "1");
}

TEST(SqliteStore, LargeSeedKeepsItsBits) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  const std::uint64_t seed = 18446744073709551615ull;
  write_sqlite(file, {"r", "s", seed}, {{2010, "x", 1}}, "ok", "", nlohmann::json::object());
  Reader db(file);
  EXPECT_EQ(static_cast<std::uint64_t>(std::stoll(db.text("SELECT seed FROM runs"))), seed);
}

TEST(SqliteStore, NonFiniteValueRejected) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  EXPECT_THROW(write_sqlite(file, {"r", "s", 1}, {{2012, "x", std::nan("")}}, "ok", "", {}),
               std::invalid_argument);
}

TEST(SqliteStore, UnopenableFileIsAnOutputErrorNamingIt) {
  TempDir tmp;
  const fs::path file = tmp.path() / "missing" / "results.sqlite";
  try {
    write_sqlite(file, {"r", "s", 1}, kRows, "ok", "", {});
    FAIL() << "no error";
  } catch (const nisim::output::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string() + ": cannot be opened"), std::string::npos) << e.what();
  }
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsAnOutputError) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  nisim::test_support::write_file(file, std::string(4096, 'x'));
  try {
    write_sqlite(file, {"r", "s", 1}, kRows, "ok", "", {});
    FAIL() << "no error";
  } catch (const nisim::output::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string() + ": not an SQLite database"), std::string::npos) << e.what();
  }
}

TEST(SqliteStore, AStoreLeftInWalModeIsConvertedWhenWrittenAgain) {
  TempDir tmp;
  const fs::path file = tmp.path() / "results.sqlite";
  write_sqlite(file, {"r1", "s", 1}, kRows, "ok", "", {});
  {
    Reader db(file);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  write_sqlite(file, {"r2", "s", 2}, kRows, "ok", "", {});
  Reader r(file);
  EXPECT_EQ(r.text("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(r.text("SELECT count(*) FROM runs"), "2");
}
