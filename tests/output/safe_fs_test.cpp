// The low-level pieces behind every output writer: path resolution and containment,
// what counts as a folder nisim wrote, exclusive temporary files, folder locks, the
// atomic file writer of experiment folders, and the SIGINT/SIGTERM flag.
#include <nisim/output/safe_fs.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>

#include <gtest/gtest.h>

#include <nisim/experiment/outputs.hpp>
#include <nisim/output/run_folder.hpp>

#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace nisim::output;
using nisim::test_support::read_file;
using nisim::test_support::TempDir;
using nisim::test_support::write_file;

namespace {

constexpr const char* kNisimManifest = R"({"nisim_version": "0.1.0", "git_commit": "abc", "status": "ok"})";

TEST(SafeFs, ResolvePathFollowsLinksBeforeDotDot) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "real" / "sub");
  fs::create_directory_symlink(tmp.path() / "real" / "sub", tmp.path() / "link");
  EXPECT_EQ(resolve_path(tmp.path() / "link" / ".."), tmp.path() / "real");
  EXPECT_EQ(resolve_path(tmp.path() / "link" / "missing" / "x"), tmp.path() / "real" / "sub" / "missing" / "x");
  EXPECT_EQ(resolve_path(tmp.path().string() + "/real/"), tmp.path() / "real");  // no empty last component
}

TEST(SafeFs, PathWithinComparesWholeComponents) {
  TempDir tmp;
  const fs::path p = tmp.path();
  EXPECT_TRUE(path_within(p / "a", p / "a"));
  EXPECT_TRUE(path_within(p / "a" / "b", p / "a"));
  EXPECT_FALSE(path_within(p / "a", p / "a" / "b"));
  EXPECT_FALSE(path_within(p / "ab", p / "a"));  // a prefix of the name is not containment
  fs::create_directories(p / "a");
  fs::create_directory_symlink(p / "a", p / "alias");
  EXPECT_TRUE(path_within(p / "alias" / "x", p / "a"));
}

TEST(SafeFs, OutputsDisjointFromInputs) {
  TempDir tmp;
  const fs::path parent = tmp.path() / "parent";
  fs::create_directories(parent / "sh1");
  fs::create_directories(parent / "sh2");
  const std::vector<fs::path> inputs = {parent / "sh1", parent / "sh2"};
  EXPECT_NO_THROW(check_output_disjoint(tmp.path() / "merged", inputs, "input folder"));
  EXPECT_NO_THROW(check_output_disjoint(parent / "merged", inputs, "input folder"));  // a sibling is fine
  for (const fs::path& bad : {parent, parent / "sh1", parent / "sh2" / "inner", parent / "sh1" / ".." / "sh2"}) {
    try {
      check_output_disjoint(bad, inputs, "input folder");
      ADD_FAILURE() << bad << " overlaps an input";
    } catch (const OutputError& e) {
      EXPECT_NE(std::string(e.what()).find("input folder"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
  }
  // Through a link to an input.
  fs::create_directory_symlink(parent / "sh1", tmp.path() / "link");
  EXPECT_THROW(check_output_disjoint(tmp.path() / "link", inputs, "input folder"), OutputError);
}

TEST(SafeFs, InspectPathTellsNisimFoldersFromOthers) {
  TempDir tmp;
  const fs::path p = tmp.path();
  EXPECT_EQ(inspect_path(p / "missing"), PathKind::Missing);
  fs::create_directories(p / "empty");
  EXPECT_EQ(inspect_path(p / "empty"), PathKind::EmptyDir);
  write_file(p / "locked" / kLockFile, "123\n");
  EXPECT_EQ(inspect_path(p / "locked"), PathKind::EmptyDir);  // a lock file is not content
  write_file(p / "run" / "manifest.json", kNisimManifest);
  EXPECT_EQ(inspect_path(p / "run"), PathKind::NisimDir);
  write_file(p / "thesis" / "thesis.tex", "x");
  EXPECT_EQ(inspect_path(p / "thesis"), PathKind::OtherDir);
  write_file(p / "npm" / "manifest.json", R"({"name": "pkg", "version": "1"})");
  EXPECT_EQ(inspect_path(p / "npm"), PathKind::OtherDir);
  write_file(p / "broken" / "manifest.json", "{\"nisim_version\": ");
  EXPECT_EQ(inspect_path(p / "broken"), PathKind::OtherDir);
  fs::create_directories(p / "linked");
  fs::create_symlink(p / "run" / "manifest.json", p / "linked" / "manifest.json");
  EXPECT_EQ(inspect_path(p / "linked"), PathKind::OtherDir);  // a linked manifest is not the folder's own
  write_file(p / "file", "x");
  EXPECT_EQ(inspect_path(p / "file"), PathKind::RegularFile);
  fs::create_directory_symlink(p / "run", p / "dirlink");
  EXPECT_EQ(inspect_path(p / "dirlink"), PathKind::Other);
  ASSERT_EQ(::mkfifo((p / "fifo").c_str(), 0644), 0);
  EXPECT_EQ(inspect_path(p / "fifo"), PathKind::Other);
  EXPECT_EQ(inspect_path("/dev/null"), PathKind::Other);
}

TEST(SafeFs, TempNames) {
  EXPECT_TRUE(is_temp_name("manifest.json.tmp-Ab3dE6gH9jK1"));
  EXPECT_TRUE(is_temp_name("run.tmp-12345"));  // the pid-named temporaries of older versions
  EXPECT_FALSE(is_temp_name("manifest.json"));
  EXPECT_FALSE(is_temp_name("notes.tmp-"));
  EXPECT_FALSE(is_temp_name("my.tmp-draft.txt"));
  EXPECT_FALSE(is_temp_name(".tmp-abc"));
}

TEST(SafeFs, CheckOutputFile) {
  TempDir tmp;
  EXPECT_NO_THROW(check_output_file(tmp.path() / "new.csv", false));
  write_file(tmp.path() / "old.csv", "x");
  EXPECT_THROW(check_output_file(tmp.path() / "old.csv", false), OutputError);
  EXPECT_NO_THROW(check_output_file(tmp.path() / "old.csv", true));
  for (const fs::path& never : {fs::path("/dev/null"), tmp.path()}) {
    try {
      check_output_file(never, true);
      ADD_FAILURE() << never << " accepted";
    } catch (const OutputError& e) {
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
  }
}

TEST(SafeFs, UniqueFilesAreNewAndUnpredictable) {
  TempDir tmp;
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    fs::path path;
    Fd fd = create_unique_file(tmp.path(), "f.tmp-", path);
    ASSERT_TRUE(fd);
    EXPECT_EQ(path.parent_path(), tmp.path());
    names.insert(path.filename().string());
  }
  EXPECT_EQ(names.size(), 20u);
  std::set<std::string> dirs;
  for (int i = 0; i < 5; ++i) dirs.insert(make_unique_dir(tmp.path(), "d.tmp-").filename().string());
  EXPECT_EQ(dirs.size(), 5u);
  struct stat st {};
  ASSERT_EQ(::stat((tmp.path() / *dirs.begin()).c_str(), &st), 0);
  const mode_t mask = ::umask(022);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0777 & ~mask) << "the user's usual permissions, not mkdtemp's 0700";
}

TEST(SafeFs, FolderLockIsExclusiveAndNamesTheHolder) {
  TempDir tmp;
  FolderLock held = FolderLock::acquire(tmp.path(), "experiment folder");
  EXPECT_EQ(read_file(tmp.path() / kLockFile), std::to_string(::getpid()) + "\n");
  EXPECT_EQ(held.recorded_pid(), ::getpid());
  // flock conflicts between two opens even in one process: a second holder is refused.
  try {
    FolderLock::acquire(tmp.path(), "experiment folder");
    FAIL() << "locked twice";
  } catch (const OutputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("experiment folder " + tmp.path().string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("PID " + std::to_string(::getpid())), std::string::npos) << msg;
  }
  EXPECT_THROW(FolderLock::check_free(tmp.path(), "input folder"), OutputError);
  FolderLock other;
  pid_t holder = 0;
  EXPECT_FALSE(FolderLock::try_exclusive(tmp.path(), other, holder));
  EXPECT_EQ(holder, ::getpid());
  held.release();
  EXPECT_TRUE(FolderLock::try_exclusive(tmp.path(), other, holder));
  EXPECT_TRUE(other.held());
  other.release();
  EXPECT_NO_THROW(FolderLock::acquire(tmp.path(), "experiment folder"));
  // No lock file: free, and nothing is created by the checks.
  TempDir bare;
  EXPECT_FALSE(FolderLock::check_free(bare.path(), "input folder").held());
  EXPECT_FALSE(fs::exists(bare.path() / kLockFile));
}

TEST(SafeFs, WriteAtomicallyDoesNotFollowALinkAtTheOldTemporaryName) {
  TempDir tmp;
  const fs::path file = tmp.path() / "manifest.json";
  write_file(tmp.path() / "victim", "precious");
  // Older versions wrote `<file>.tmp-<pid>` through whatever was there.
  fs::create_symlink(tmp.path() / "victim", tmp.path() / ("manifest.json.tmp-" + std::to_string(::getpid())));
  nisim::experiment::write_atomically(file, "{}\n");
  EXPECT_EQ(read_file(file), "{}\n");
  EXPECT_EQ(read_file(tmp.path() / "victim"), "precious");
  // Nothing of ours is left beside it: the planted link, the victim and the file.
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++n;
  EXPECT_EQ(n, 3u);
}

TEST(SafeFs, WriteAtomicallyFlushesTheFileAndTheFolder) {
  TempDir tmp;
  const auto before = sync_count();
  nisim::experiment::write_atomically(tmp.path() / "summary.csv", "a,b\n");
  EXPECT_EQ(sync_count() - before, 2u);  // the data before the rename, the folder after
  nisim::experiment::write_atomically(tmp.path() / "summary.csv", "c,d\n");
  EXPECT_EQ(read_file(tmp.path() / "summary.csv"), "c,d\n");
}

TEST(SafeFs, WriteAtomicallyNeverReplacesANonRegularFile) {
  TempDir tmp;
  ASSERT_EQ(::mkfifo((tmp.path() / "fifo").c_str(), 0644), 0);
  EXPECT_THROW(nisim::experiment::write_atomically(tmp.path() / "fifo", "x"), OutputError);
  EXPECT_TRUE(fs::is_fifo(tmp.path() / "fifo"));
  write_file(tmp.path() / "target", "t");
  fs::create_symlink(tmp.path() / "target", tmp.path() / "link");
  EXPECT_THROW(nisim::experiment::write_atomically(tmp.path() / "link", "x"), OutputError);
  EXPECT_TRUE(fs::is_symlink(tmp.path() / "link"));
  EXPECT_EQ(read_file(tmp.path() / "target"), "t");
}

// The flag is process-wide, so these run in a child process (gtest death tests fork).
TEST(SafeFsDeathTest, FirstSignalSetsTheFlagSecondEndsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        install_interrupt_handlers();
        ::raise(SIGTERM);
        bool thrown = false;
        try {
          throw_if_interrupted();
        } catch (const Interrupted& e) {
          thrown = e.signal == SIGTERM;
        }
        std::_Exit(thrown && interrupt_signal() == SIGTERM ? 7 : 1);
      },
      ::testing::ExitedWithCode(7), "");
  EXPECT_EXIT(
      {
        install_interrupt_handlers();
        ::raise(SIGINT);
        ::raise(SIGINT);  // a second Ctrl-C: the default action
        std::_Exit(0);
      },
      ::testing::KilledBySignal(SIGINT), "");
}

}  // namespace
