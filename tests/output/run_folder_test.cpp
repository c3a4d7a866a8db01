#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <iterator>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nisim::output::FolderLock;
using nisim::output::OutputError;
using nisim::output::RunFolder;
using nisim::test_support::TempDir;
using nisim::test_support::read_file;

namespace {

/// The staging name older versions used: predictable, hence attackable.
fs::path old_staging_of(const fs::path& target) {
  return target.parent_path() / fmt::format("{}.tmp-{}", target.filename().string(), ::getpid());
}

/// Entries of `dir` that are staging folders of `target` (`<name>.tmp-*`).
std::size_t stagings_of(const fs::path& target) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(target.parent_path()))
    if (e.path().filename().string().rfind(target.filename().string() + ".tmp-", 0) == 0) ++n;
  return n;
}

/// Makes `dir` look like a folder nisim wrote (a nisim manifest.json in it).
void make_nisim_folder(const fs::path& dir) {
  fs::create_directories(dir);
  nisim::output::write_text(dir / "manifest.json", R"({"nisim_version": "0.1.0", "git_commit": "abc"})");
}

/// Number of entries in `dir`.
std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST(RunFolder, CommitPublishesAndRemovesStaging) {
  TempDir tmp;
  const fs::path target = tmp.path() / "nested" / "run";  // parents are created
  {
    RunFolder f(target, false);
    EXPECT_EQ(f.staging().parent_path(), target.parent_path());
    EXPECT_EQ(f.staging().filename().string().rfind("run.tmp-", 0), 0u) << f.staging();
    EXPECT_TRUE(fs::is_directory(f.staging()));
    EXPECT_FALSE(fs::exists(target));
    nisim::output::write_text(f.staging() / "a.txt", "hello\n");
    f.commit();
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_FALSE(fs::exists(f.staging()));
    EXPECT_EQ(stagings_of(target), 0u);
  }
  // The destructor after commit leaves the published folder alone, and the staging
  // folder's lock file is not published.
  EXPECT_EQ(read_file(target / "a.txt"), "hello\n");
  EXPECT_EQ(entries(target), 1u);
  EXPECT_EQ(entries(target.parent_path()), 1u);
}

TEST(RunFolder, DestructorWithoutCommitLeavesNothing) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  {
    RunFolder f(target, false);
    nisim::output::write_text(f.staging() / "partial.csv", "x\n");
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(entries(tmp.path()), 0u);
}

TEST(RunFolder, NonEmptyTargetRefusedWithoutOverwrite) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directories(target);
  nisim::output::write_text(target / "old.txt", "old");
  try {
    RunFolder f(target, false);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("exists and is not empty"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--force"), std::string::npos) << msg;
    EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
  }
  EXPECT_EQ(read_file(target / "old.txt"), "old");
  EXPECT_EQ(stagings_of(target), 0u);
}

TEST(RunFolder, EmptyTargetIsUsed) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directories(target);
  RunFolder f(target, false);
  nisim::output::write_text(f.staging() / "new.txt", "new");
  f.commit();
  EXPECT_EQ(read_file(target / "new.txt"), "new");
  EXPECT_EQ(stagings_of(target), 0u);
}

TEST(RunFolder, OverwriteReplacesAFolderNisimWrote) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  make_nisim_folder(target);
  fs::create_directories(target / "sub");
  nisim::output::write_text(target / "old.txt", "old");
  nisim::output::write_text(target / "sub" / "deep.txt", "deep");
  {
    RunFolder f(target, true);
    // Until commit the old results are untouched.
    EXPECT_EQ(read_file(target / "old.txt"), "old");
    nisim::output::write_text(f.staging() / "new.txt", "new");
    f.commit();
  }
  EXPECT_EQ(read_file(target / "new.txt"), "new");
  EXPECT_FALSE(fs::exists(target / "old.txt"));
  EXPECT_FALSE(fs::exists(target / "sub"));
  EXPECT_EQ(entries(tmp.path()), 1u);  // no staging, no folder moved aside
}

TEST(RunFolder, OverwriteWithoutCommitKeepsOldFolder) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  make_nisim_folder(target);
  nisim::output::write_text(target / "old.txt", "old");
  { RunFolder f(target, true); }
  EXPECT_EQ(read_file(target / "old.txt"), "old");
  EXPECT_EQ(entries(tmp.path()), 1u);
}

TEST(RunFolder, TargetThatIsAFileIsRefused) {
  TempDir tmp;
  const fs::path target = tmp.path() / "results.csv";
  nisim::output::write_text(target, "data");
  EXPECT_THROW(RunFolder(target, false), OutputError);
  EXPECT_THROW(RunFolder(target, true), OutputError);
  EXPECT_EQ(read_file(target), "data");
}

TEST(RunFolder, TrailingSlashNamesTheFolder) {
  TempDir tmp;
  RunFolder f(tmp.path().string() + "/run/", false);
  EXPECT_EQ(f.target(), tmp.path() / "run");
  EXPECT_EQ(f.staging().parent_path(), tmp.path());
  f.commit();
  EXPECT_TRUE(fs::is_directory(tmp.path() / "run"));
}

TEST(RunFolder, TargetCreatedMeanwhileIsNotClobbered) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  RunFolder f(target, false);
  fs::create_directories(target);
  nisim::output::write_text(target / "other.txt", "other");
  EXPECT_THROW(f.commit(), OutputError);
  EXPECT_EQ(read_file(target / "other.txt"), "other");
}

TEST(RunFolder, ParentThatIsAFileIsOutputError) {
  TempDir tmp;
  nisim::output::write_text(tmp.path() / "file", "x");
  try {
    RunFolder f(tmp.path() / "file" / "run", false);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find((tmp.path() / "file").string()), std::string::npos)
        << e.what();
  }
}

TEST(RunFolder, UnwritableParentIsOutputError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores permissions";
  TempDir tmp;
  const fs::path locked = tmp.path() / "locked";
  fs::create_directories(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(RunFolder(locked / "run", false), OutputError);
  fs::permissions(locked, fs::perms::owner_all);
}

// --- issue 9: --force, staging names, locks, durability -----------------------------------

TEST(RunFolder, OverwriteNeverReplacesAFolderNisimDidNotWrite) {
  TempDir tmp;
  const fs::path target = tmp.path() / "thesis";
  fs::create_directories(target);
  nisim::output::write_text(target / "thesis.tex", "\\documentclass{book}");
  // Even a manifest.json that is not nisim's does not make it one.
  nisim::output::write_text(target / "manifest.json", R"({"name": "my-package"})");
  try {
    RunFolder f(target, true);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("nisim did not write it"), std::string::npos) << msg;
  }
  EXPECT_EQ(read_file(target / "thesis.tex"), "\\documentclass{book}");
  EXPECT_EQ(entries(tmp.path()), 1u);  // no staging folder either
}

TEST(RunFolder, AFolderThatBecameForeignBeforeCommitIsKept) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  make_nisim_folder(target);
  RunFolder f(target, true);
  fs::remove(target / "manifest.json");
  nisim::output::write_text(target / "notes.txt", "mine");
  EXPECT_THROW(f.commit(), OutputError);
  EXPECT_EQ(read_file(target / "notes.txt"), "mine");
}

TEST(RunFolder, DotDotAsTheLastComponentIsRefused) {
  TempDir tmp;
  make_nisim_folder(tmp.path() / "o");
  fs::create_directories(tmp.path() / "o" / "x");
  // `o/x/..` is o: it used to be replaced with --force.
  EXPECT_THROW(RunFolder(tmp.path() / "o" / "x" / "..", true), OutputError);
  EXPECT_THROW(RunFolder(tmp.path() / "o" / ".", true), OutputError);
  EXPECT_TRUE(fs::exists(tmp.path() / "o" / "manifest.json"));
  EXPECT_TRUE(fs::is_directory(tmp.path() / "o" / "x"));
}

TEST(RunFolder, ParentsAreResolvedThroughLinks) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "real" / "sub");
  fs::create_directory_symlink(tmp.path() / "real" / "sub", tmp.path() / "link");
  // link/.. is real (the kernel's view), not tmp (the lexical one).
  RunFolder f(tmp.path() / "link" / ".." / "run", false);
  EXPECT_EQ(f.target(), tmp.path() / "real" / "run");
  f.commit();
  EXPECT_TRUE(fs::is_directory(tmp.path() / "real" / "run"));
  EXPECT_FALSE(fs::exists(tmp.path() / "run"));
}

TEST(RunFolder, TargetThatIsALinkOrAFifoIsNeverReplaced) {
  TempDir tmp;
  make_nisim_folder(tmp.path() / "real");
  fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  EXPECT_THROW(RunFolder(tmp.path() / "link", true), OutputError);
  ASSERT_EQ(::mkfifo((tmp.path() / "fifo").c_str(), 0644), 0);
  EXPECT_THROW(RunFolder(tmp.path() / "fifo", true), OutputError);
  EXPECT_TRUE(fs::is_symlink(tmp.path() / "link"));
  EXPECT_TRUE(fs::is_fifo(tmp.path() / "fifo"));
  EXPECT_TRUE(fs::exists(tmp.path() / "real" / "manifest.json"));
}

TEST(RunFolder, ALinkPlantedAtTheOldPredictableStagingNameIsNotFollowed) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  const fs::path victim = tmp.path() / "victim";
  fs::create_directories(victim);
  nisim::output::write_text(victim / "precious.txt", "precious");
  fs::create_directory_symlink(victim, old_staging_of(target));
  {
    RunFolder f(target, false);
    EXPECT_NE(f.staging(), old_staging_of(target));
    nisim::output::write_text(f.staging() / "indicators.csv", "x\n");
    f.commit();
  }
  // The planted link is neither used, nor followed, nor removed.
  EXPECT_TRUE(fs::is_symlink(old_staging_of(target)));
  EXPECT_EQ(nisim::test_support::read_file(victim / "precious.txt"), "precious");
  EXPECT_EQ(entries(victim), 1u);
  EXPECT_EQ(read_file(target / "indicators.csv"), "x\n");
}

TEST(RunFolder, StagingNamesAreUnpredictable) {
  TempDir tmp;
  RunFolder a(tmp.path() / "a", false), b(tmp.path() / "b", false);
  const std::string sa = a.staging().filename().string().substr(1), sb = b.staging().filename().string().substr(1);
  EXPECT_NE(sa, sb);  // same process, same moment: only randomness tells them apart
  EXPECT_EQ(sa.size(), std::string(".tmp-").size() + 12) << sa;
  EXPECT_EQ(sa.find(std::to_string(::getpid())), std::string::npos) << sa;
}

TEST(RunFolder, SecondWriterOfTheSameTargetIsRefusedWithThePid) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  RunFolder first(target, false);
  try {
    RunFolder second(target, false);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("PID " + std::to_string(::getpid())), std::string::npos) << e.what();
  }
  first.commit();
  EXPECT_TRUE(fs::is_directory(target));
}

TEST(RunFolder, StagingOfADeadProcessIsRemoved) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  const fs::path stale = tmp.path() / "run.tmp-AbCdEf012345";
  fs::create_directories(stale);
  nisim::output::write_text(stale / "indicators.csv", "half");
  nisim::output::write_text(stale / ".nisim.lock", "999999\n");  // its owner is gone: nobody holds it
  RunFolder f(target, false);
  EXPECT_FALSE(fs::exists(stale));
  f.commit();
  EXPECT_EQ(stagings_of(target), 0u);
}

TEST(RunFolder, AFolderLockedByARunningExperimentIsNotReplaced) {
  TempDir tmp;
  const fs::path target = tmp.path() / "exp";
  make_nisim_folder(target);
  const FolderLock running = FolderLock::acquire(target, "experiment folder");
  RunFolder f(target, true);
  nisim::output::write_text(f.staging() / "new.txt", "new");
  try {
    f.commit();
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(target / "manifest.json"));
  EXPECT_FALSE(fs::exists(target / "new.txt"));
}

TEST(RunFolder, CommitFlushesEveryFileTheFolderAndItsParent) {
  TempDir tmp;
  RunFolder f(tmp.path() / "run", false);
  nisim::output::write_text(f.staging() / "a.csv", "a");
  nisim::output::write_text(f.staging() / "b.json", "{}");
  const auto before = nisim::output::sync_count();
  f.commit();
  // Two files, the staging folder before the rename, the parent after it.
  EXPECT_EQ(nisim::output::sync_count() - before, 4u);
}

TEST(RunFolder, WriteTextFlushesAndRefusesLinks) {
  TempDir tmp;
  const auto before = nisim::output::sync_count();
  nisim::output::write_text(tmp.path() / "a.txt", "a");
  EXPECT_EQ(nisim::output::sync_count() - before, 1u);
  nisim::output::write_text(tmp.path() / "victim.txt", "precious");
  fs::create_symlink(tmp.path() / "victim.txt", tmp.path() / "link.txt");
  EXPECT_THROW(nisim::output::write_text(tmp.path() / "link.txt", "overwritten"), OutputError);
  EXPECT_EQ(read_file(tmp.path() / "victim.txt"), "precious");
}
