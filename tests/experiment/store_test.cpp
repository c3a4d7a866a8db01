// The experiment store: a real SQLite file, reopened as a resumed experiment would.
#include <nisim/experiment/store.hpp>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include <nisim/experiment/outputs.hpp>
#include <nisim/experiment/plan.hpp>
#include <nisim/output/run_folder.hpp>

#include "../output/temp_dir.hpp"
#include "../output/sqlite_tamper.hpp"

namespace nisim::experiment {
namespace {

using test_support::tamper;

using test_support::TempDir;
namespace fs = std::filesystem;

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
  EXPECT_THROW(ExperimentStore(dir / "none.sqlite", ExperimentStore::Mode::ReadOnly), output::OutputError);
}


/// The message of the OutputError that `f` throws ("" and a test failure if none).
template <class F>
std::string output_error(F&& f) {
  try {
    f();
  } catch (const output::OutputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected OutputError, got: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected OutputError, nothing was thrown";
  return "";
}

/// A store with two ok runs of two rows each, closed.
fs::path two_run_store(const TempDir& dir) {
  const auto file = dir / "results.sqlite";
  ExperimentStore s(file, ExperimentStore::Mode::Create);
  s.set_meta({{"fingerprint", "f"}});
  s.commit(record(0, "ok"), {{2010, "x", 1.0}, {2011, "x", 2.0}});
  s.commit(record(1, "ok"), {{2010, "x", 3.0}, {2011, "x", 4.0}});
  return file;
}

TEST(ExperimentStore, ANewStoreAppearsOnlyWithItsMetaAndLeavesNoTemporaryFile) {
  TempDir dir;
  const auto file = dir / "results.sqlite";
  {
    ExperimentStore s(file, ExperimentStore::Mode::Create);
    EXPECT_FALSE(fs::exists(file)) << "nothing is written before the meta";
    EXPECT_FALSE(s.meta().has_value());
    s.set_meta({{"fingerprint", "f"}});
    EXPECT_TRUE(fs::exists(file));
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"results.sqlite"}) << "no .tmp- file, no -wal or -shm after close";
  ExperimentStore r(file, ExperimentStore::Mode::ReadOnly);
  EXPECT_EQ(r.meta()->at("fingerprint"), "f");
}

TEST(ExperimentStore, CheckpointLeavesARollbackJournalStoreAndWritingSwitchesBackToWal) {
  TempDir dir;
  const auto file = two_run_store(dir);
  {
    ExperimentStore s(file, ExperimentStore::Mode::Create);
    EXPECT_EQ(journal_mode(file), "wal");
    s.checkpoint();
    EXPECT_EQ(journal_mode(file), "delete");
  }
  EXPECT_FALSE(fs::exists(file.string() + "-wal"));
  EXPECT_FALSE(fs::exists(file.string() + "-shm"));
  {
    ExperimentStore s(file, ExperimentStore::Mode::Create);  // --resume
    EXPECT_EQ(journal_mode(file), "wal");
    s.commit(record(2, "ok"), {{2010, "x", 5.0}});
  }
  ExperimentStore r(file, ExperimentStore::Mode::ReadOnly);
  EXPECT_EQ(r.runs().size(), 3u);
}

TEST(ExperimentStore, NullValuesAreRefusedNamingTableRunAndColumn) {
  TempDir dir;
  const auto file = two_run_store(dir);
  tamper(file, "UPDATE indicators SET value = NULL WHERE run = '0002' AND year = 2011");
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  for (const std::string& msg :
       {output_error([&] { s.for_each_run([](const RunRecord&, const std::vector<output::IndicatorRow>&) {}); }),
        output_error([&] { s.values_of("x", 2011); }),
        output_error([&] { s.for_each_row([](auto&&...) {}); }),
        output_error([&] { s.for_each_group(-1, [](auto&&...) {}); }), output_error([&] {
          SeededGroups g(s);
          while (g.next()) {
          }
        })}) {
    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("table indicators, run 0002, column value: NULL"), std::string::npos) << msg;
  }
  // The untouched year still reads.
  EXPECT_EQ(s.values_of("x", 2010).size(), 2u);
}

TEST(ExperimentStore, TextAndInfiniteValuesAndNullSeedsAreRefused) {
  TempDir dir;
  const auto file = two_run_store(dir);
  tamper(file, "UPDATE indicators SET value = 'abc' WHERE run = '0001' AND year = 2010");
  tamper(file, "UPDATE indicators SET value = 9e999 WHERE run = '0002' AND year = 2010");
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  const auto text = output_error([&] { s.values_of("x", 2010); });
  EXPECT_NE(text.find("run 0001, column value: 'abc' is not a number"), std::string::npos) << text;
  tamper(file, "UPDATE indicators SET value = 1 WHERE run = '0001'");
  const auto inf = output_error([&] { s.values_of("x", 2010); });
  EXPECT_NE(inf.find("run 0002, column value: inf is not a finite number"), std::string::npos) << inf;
  tamper(file, "UPDATE runs SET seed = NULL WHERE run = '0002'");
  const auto seed = output_error([&] { s.runs(); });
  EXPECT_NE(seed.find("table runs, run 0002, column seed: NULL"), std::string::npos) << seed;
}

TEST(ExperimentStore, DuplicateRowsAreRefused) {
  TempDir dir;
  const auto file = two_run_store(dir);
  tamper(file, "INSERT INTO indicators SELECT * FROM indicators WHERE run = '0001' AND year = 2011");
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  for (const std::string& msg :
       {output_error([&] { s.for_each_run([](const RunRecord&, const std::vector<output::IndicatorRow>&) {}); }),
        output_error([&] { s.values_of("x", 2011); }), output_error([&] {
          SeededGroups g(s);
          while (g.next()) {
          }
        })})
    EXPECT_NE(msg.find("run 0001, column indicator: x in 2011 appears twice"), std::string::npos) << msg;
}

TEST(ExperimentStore, BadJsonIsRefusedNamingTheStoreAndWhatIsWrong) {
  TempDir dir;
  const auto file = two_run_store(dir);
  tamper(file, "UPDATE runs SET manifest = '{\"a\":' WHERE run = '0002'");
  tamper(file, "UPDATE experiment SET value = '[1, 2'");
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  const auto runs = output_error([&] { s.runs(); });
  EXPECT_NE(runs.find("table runs, run 0002, column manifest: not valid JSON (syntax error at byte"),
            std::string::npos)
      << runs;
  EXPECT_EQ(runs.find("json.exception"), std::string::npos) << runs;
  const auto meta = output_error([&] { s.meta(); });
  EXPECT_NE(meta.find("key 'meta') is not valid JSON"), std::string::npos) << meta;
}

TEST(ExperimentStore, AMalformedNisimMetaIsRefusedSayingWhichKey) {
  TempDir dir;
  const auto file = dir / "results.sqlite";
  const ExperimentPlan plan = ensemble_plan(2, 7);
  nlohmann::json meta = {{"format", kMetaFormat},
                         {"fingerprint", "f"},
                         {"plan", plan.to_json()},
                         {"scenario", {{"name", "s"}, {"file", "s.toml"}, {"sha256", "0"}, {"resolved_toml", ""}}},
                         {"shard", {{"k", 1}, {"count", 1}}}};
  {
    ExperimentStore s(file, ExperimentStore::Mode::Create);
    s.set_meta(meta);
    EXPECT_EQ(*s.meta(), meta);  // a well-formed meta reads back
    meta["plan"].erase("design");
    s.set_meta(meta);
  }
  ExperimentStore s(file, ExperimentStore::Mode::ReadOnly);
  const auto msg = output_error([&] { s.meta(); });
  EXPECT_NE(msg.find("'plan' is malformed (key 'design' not found)"), std::string::npos) << msg;
  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
}

TEST(ExperimentStore, ARunFolderStoreIsNamedAsSuch) {
  TempDir dir;
  output::write_sqlite(dir / "results.sqlite", {"1", "s", 1}, {{2010, "x", 1.0}}, "ok", "", nlohmann::json::object());
  for (auto mode : {ExperimentStore::Mode::ReadOnly, ExperimentStore::Mode::Create}) {
    try {
      ExperimentStore s(dir / "results.sqlite", mode);
      FAIL() << "a run store opened as an experiment store";
    } catch (const NotAnExperimentError& e) {
      EXPECT_NE(std::string(e.what()).find(dir.path().string() + " is a run folder"), std::string::npos) << e.what();
    }
  }
}

TEST(ExperimentStore, RandomBytesAndEmptyFilesAreRefusedInPlainWords) {
  TempDir dir;
  std::string junk;
  for (int i = 0; i < 8192; ++i) junk += static_cast<char>((i * 7919 + 13) % 251);
  test_support::write_file(dir / "junk.sqlite", junk);
  const auto j = output_error([&] { ExperimentStore(dir / "junk.sqlite", ExperimentStore::Mode::ReadOnly); });
  EXPECT_NE(j.find("junk.sqlite: not an SQLite database"), std::string::npos) << j;
  const auto jw = output_error([&] { ExperimentStore(dir / "junk.sqlite", ExperimentStore::Mode::Create); });
  EXPECT_NE(jw.find("not an SQLite database"), std::string::npos) << jw;
  test_support::write_file(dir / "empty.sqlite", "");
  for (auto mode : {ExperimentStore::Mode::ReadOnly, ExperimentStore::Mode::Create}) {
    const auto e = output_error([&] { ExperimentStore(dir / "empty.sqlite", mode); });
    EXPECT_NE(e.find("empty.sqlite is empty (0 bytes)"), std::string::npos) << e;
  }
}

TEST(ExperimentStore, SeededGroupsStreamIndicatorThenYearWithSeedsInRunOrder) {
  TempDir dir;
  ExperimentStore s(dir / "r.sqlite", ExperimentStore::Mode::Create);
  s.commit(record(1, "ok"), {{2011, "b", 4.0}, {2010, "a", 3.0}});
  s.commit(record(0, "ok"), {{2011, "b", 2.0}, {2010, "a", 1.0}});
  s.commit(record(2, "failed"), {});
  std::vector<std::string> seen;
  SeededGroups g(s);
  while (g.next())
    for (const auto& v : g.values()) seen.push_back(fmt::format("{}:{}:{}:{}:{}", g.indicator(), g.year(), v.run, v.seed, v.value));
  EXPECT_EQ(seen, (std::vector<std::string>{"a:2010:0001:100:1", "a:2010:0002:101:3", "b:2011:0001:100:2",
                                            "b:2011:0002:101:4"}));
}

}  // namespace
}  // namespace nisim::experiment
