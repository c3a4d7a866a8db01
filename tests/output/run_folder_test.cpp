#include <nisim/output/run_folder.hpp>

#include <unistd.h>

#include <iterator>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nisim::output::OutputError;
using nisim::output::RunFolder;
using nisim::test_support::TempDir;
using nisim::test_support::read_file;

namespace {

fs::path staging_of(const fs::path& target) {
  return target.parent_path() / fmt::format("{}.tmp-{}", target.filename().string(), ::getpid());
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
    EXPECT_EQ(f.staging(), staging_of(target));
    EXPECT_TRUE(fs::is_directory(f.staging()));
    EXPECT_FALSE(fs::exists(target));
    nisim::output::write_text(f.staging() / "a.txt", "hello\n");
    f.commit();
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_FALSE(fs::exists(staging_of(target)));
  }
  // The destructor after commit leaves the published folder alone.
  EXPECT_EQ(read_file(target / "a.txt"), "hello\n");
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
  EXPECT_FALSE(fs::exists(staging_of(target)));
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
  EXPECT_FALSE(fs::exists(staging_of(target)));
}

TEST(RunFolder, EmptyTargetIsUsed) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directories(target);
  RunFolder f(target, false);
  nisim::output::write_text(f.staging() / "new.txt", "new");
  f.commit();
  EXPECT_EQ(read_file(target / "new.txt"), "new");
  EXPECT_FALSE(fs::exists(staging_of(target)));
}

TEST(RunFolder, OverwriteReplacesExistingFolder) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
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
  fs::create_directories(target);
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

TEST(RunFolder, StaleStagingIsReplaced) {
  TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directories(staging_of(target));
  nisim::output::write_text(staging_of(target) / "stale.txt", "stale");
  RunFolder f(target, false);
  EXPECT_FALSE(fs::exists(f.staging() / "stale.txt"));
  f.commit();
  EXPECT_EQ(entries(target), 0u);
}

TEST(RunFolder, TrailingSlashNamesTheFolder) {
  TempDir tmp;
  RunFolder f(tmp.path().string() + "/run/", false);
  EXPECT_EQ(f.target(), tmp.path() / "run");
  EXPECT_EQ(f.staging(), staging_of(tmp.path() / "run"));
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
