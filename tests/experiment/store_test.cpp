// The experiment store: a real SQLite file, reopened as a resumed experiment would.
#include <nisim/experiment/store.hpp>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "../output/temp_dir.hpp"

namespace nisim::experiment {
namespace {

using test_support::TempDir;

RunRecord record(std::size_t index, const std::string& status, int point = 0) {
  RunRecord r;
  r.index = index;
  r.id = fmt::format("{:04}", index + 1);
  r.point = point;
  r.seed = 100 + index;
  r.scenario = "s";
  r.status = status;
  r.error = status == "ok" ? "" : "broken";
  r.parameters = {{"a", 0.5 * static_cast<double>(index)}};
  r.manifest = {{"wall_seconds", 1.5}};
  return r;
}

std::string journal_mode(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  std::string mode = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return mode;
}

TEST(ExperimentStore, RunsSurviveReopeningAndComeBackInRunOrder) {
  TempDir dir;
  const auto file = dir / "results.sqlite";
  {
    ExperimentStore s(file, ExperimentStore::Mode::Create);
    s.set_meta({{"fingerprint", "f"}});
    // Finished out of order, as parallel runs do.
    s.commit(record(2, "ok"), {{2010, "x", 3.0}, {2010, "a", 30.0}, {2011, "x", 4.0}});
    s.commit(record(0, "ok"), {{2010, "x", 1.0}, {2010, "a", 10.0}, {2011, "x", 2.0}});
    s.commit(record(1, "failed"), {});
  }
  EXPECT_EQ(journal_mode(file), "wal");
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  EXPECT_EQ(s.meta()->at("fingerprint"), "f");
  const auto runs = s.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].id, "0001");
  EXPECT_EQ(runs[1].status, "failed");
  EXPECT_EQ(runs[1].error, "broken");
  EXPECT_EQ(runs[2].parameters["a"].get<double>(), 1.0);
  EXPECT_EQ(runs[2].seed, 102u);

  // Rows in run order, and within a run in the order the run produced them.
  std::vector<std::string> seen;
  s.for_each_row([&](const std::string& run, const std::string&, std::int64_t, int year, const std::string& ind,
                     double v) { seen.push_back(fmt::format("{}:{}:{}:{}", run, year, ind, v)); });
  const std::vector<std::string> expected = {"0001:2010:x:1", "0001:2010:a:10", "0001:2011:x:2",
                                             "0003:2010:x:3", "0003:2010:a:30", "0003:2011:x:4"};
  EXPECT_EQ(seen, expected);

  // Groups by indicator then year, over the ok runs.
  std::vector<std::string> groups;
  s.for_each_group(-1, [&](const std::string& ind, int year, std::vector<double>& values) {
    double sum = 0;
    for (double v : values) sum += v;
    groups.push_back(fmt::format("{}:{}:{}:{}", ind, year, values.size(), sum));
  });
  EXPECT_EQ(groups, (std::vector<std::string>{"a:2010:2:40", "x:2010:2:4", "x:2011:2:6"}));
  const auto v = s.values_of("x", 2011);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], (std::pair<std::size_t, double>{0, 2.0}));
  EXPECT_EQ(v[1], (std::pair<std::size_t, double>{2, 4.0}));
}

TEST(ExperimentStore, CommittingARunAgainReplacesItsRows) {
  TempDir dir;
  ExperimentStore s(dir / "r.sqlite", ExperimentStore::Mode::Create);
  s.commit(record(0, "ok"), {{2010, "x", 1.0}, {2011, "x", 2.0}});
  s.commit(record(0, "ok"), {{2010, "x", 5.0}});
  int n = 0;
  s.for_each_row([&](const std::string&, const std::string&, std::int64_t, int, const std::string&, double v) {
    ++n;
    EXPECT_EQ(v, 5.0);
  });
  EXPECT_EQ(n, 1);
  EXPECT_EQ(s.runs().size(), 1u);
}

TEST(ExperimentStore, GroupsOfOneDesignPointLeaveOutTheOthersAndFailedRuns) {
  TempDir dir;
  ExperimentStore s(dir / "r.sqlite", ExperimentStore::Mode::Create);
  s.commit(record(0, "ok", 0), {{2010, "x", 1.0}});
  s.commit(record(1, "ok", 1), {{2010, "x", 7.0}});
  s.commit(record(2, "ok", 1), {{2010, "x", 9.0}});
  s.commit(record(3, "failed", 1), {});
  std::vector<double> got;
  s.for_each_group(1, [&](const std::string&, int, std::vector<double>& values) { got = values; });
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<double>{7.0, 9.0}));
}

TEST(ExperimentStore, NonFiniteValuesAreRefusedNothingIsStoredAndTheStoreGoesOn) {
  TempDir dir;
  ExperimentStore s(dir / "r.sqlite", ExperimentStore::Mode::Create);
  EXPECT_THROW(s.commit(record(0, "ok"), {{2010, "x", 1.0}, {2011, "x", std::nan("")}}), std::invalid_argument);
  EXPECT_TRUE(s.runs().empty());
  // The store is still usable: the failed commit left no open transaction.
  s.commit(record(1, "ok"), {{2010, "x", 2.0}});
  EXPECT_EQ(s.runs().size(), 1u);
}

TEST(ExperimentStore, OpeningAMissingStoreWithoutCreateFails) {
  TempDir dir;
  EXPECT_THROW(ExperimentStore(dir / "none.sqlite", ExperimentStore::Mode::ReadOnly), std::runtime_error);
}

}  // namespace
}  // namespace nisim::experiment
