// Damaged or unusable inputs are bad input (exit 2, a message naming the file and the
// cause), never an internal failure (exit 1) and never read as numbers: damaged CSV and
// stores, run folders where experiment folders belong, a full disk (a real small tmpfs)
// and read-only folders (a real read-only bind mount).
//
// Restricting root: the full-disk and read-only tests mount a tmpfs or a read-only bind
// mount (mount(2), as root). When mount is not permitted (a container without
// CAP_SYS_ADMIN) they are skipped with the reason. As a non-root user, the read-only test
// uses chmod 0555 instead, which binds such a user; the full-disk test is skipped.
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <nisim/experiment/store.hpp>

#include "experiment_fixture.hpp"
#include "../output/sqlite_tamper.hpp"

namespace nisim::test_support {
namespace {

std::vector<std::string> ensemble_args(const std::string& out, int runs = 2, const std::string& until = "2011") {
  return {"ensemble", kBaselineToml, "--runs", std::to_string(runs), "--until", until, "--seed", "5",
          "--out", out, "--progress", "none"};
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}


/// A mount made by the test (tmpfs or read-only bind), detached on destruction.
class Mount {
 public:
  /// A tmpfs of `size` (mount(8) syntax, e.g. "64k") on `dir`; null, with `why`, if not permitted.
  static std::unique_ptr<Mount> tmpfs(const fs::path& dir, const std::string& size, std::string& why) {
    fs::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
      why = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
      return nullptr;
    }
    return std::unique_ptr<Mount>(new Mount(dir));
  }
  /// `src` seen read-only at `dir`; null, with `why`, if not permitted.
  static std::unique_ptr<Mount> read_only_bind(const fs::path& src, const fs::path& dir, std::string& why) {
    fs::create_directories(dir);
    if (::mount(src.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      why = std::string("cannot bind-mount: ") + std::strerror(errno);
      return nullptr;
    }
    auto m = std::unique_ptr<Mount>(new Mount(dir));
    if (::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
      why = std::string("cannot remount read-only: ") + std::strerror(errno);
      return nullptr;
    }
    return m;
  }
  /// Frees space: the tmpfs grows to `size`.
  bool resize(const std::string& size) {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }
  ~Mount() { ::umount2(dir_.c_str(), MNT_DETACH); }

 private:
  explicit Mount(fs::path dir) : dir_(std::move(dir)) {}
  fs::path dir_;
};

using DamagedInputCli = ExperimentCliTest;

TEST_F(DamagedInputCli, CompareRefusesANanValueAndADuplicateRowNamingFileAndLine) {
  for (const char* seed : {"1", "2"})
    ASSERT_EQ(nisim({"run", kBaselineToml, "--until", "2011", "--seed", seed, "--out", path(seed).string(),
                     "--progress", "none"})
                  .exit_code,
              0);
  const fs::path file = path("2") / "indicators.csv";
  const std::string good = read_file(file);
  // Line 3 (the second row) gets a NaN value.
  std::string bad = good;
  const auto l3 = bad.find('\n', bad.find('\n') + 1) + 1;
  const auto end3 = bad.find('\n', l3);
  const auto comma = bad.rfind(',', end3);
  bad.replace(comma + 1, end3 - comma - 1, "nan");
  write_file(file, bad);
  auto r = nisim({"compare", path("1").string(), path("2").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(file.string() + ":3: value 'nan' is not a finite number"), std::string::npos) << r.err;
  // The second row again at the end.
  write_file(file, good + good.substr(good.find('\n') + 1, good.find('\n', good.find('\n') + 1) - good.find('\n')));
  r = nisim({"compare", path("1").string(), path("2").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("duplicate row"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is already on line 2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("c")));
}

TEST_F(DamagedInputCli, ARunFolderIsRefusedBySensitivityMergeAndResume) {
  ASSERT_EQ(nisim({"run", kBaselineToml, "--until", "2011", "--out", path("r").string(), "--progress", "none"})
                .exit_code,
            0);
  const std::string msg = " is a run folder (written by nisim run), not an experiment folder";
  auto r = nisim({"sensitivity", path("r").string(), "--method", "sobol", "--indicator", "papers", "--year", "2011"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(path("r").string() + msg), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sensitivity needs a sweep folder"), std::string::npos) << r.err;
  r = nisim({"merge", path("r").string(), "--out", path("m").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(msg), std::string::npos) << r.err;
  r = nisim(plus(ensemble_args(path("r").string()), {"--resume"}));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(msg), std::string::npos) << r.err;
}

TEST_F(DamagedInputCli, ACorruptedOrEmptyStoreIsBadInputForEveryReader) {
  ASSERT_EQ(nisim(ensemble_args(path("e").string())).exit_code, 0);
  ASSERT_EQ(nisim(ensemble_args(path("f").string())).exit_code, 0);
  const fs::path store = path("e") / "results.sqlite";
  const auto size = fs::file_size(store);
  std::string junk;
  std::uint64_t x = 88172645463325252ull;  // xorshift: reproducible random bytes
  for (std::uintmax_t i = 0; i < size; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    junk += static_cast<char>(x & 0xff);
  }
  for (const auto& [content, cause] : {std::pair<std::string, std::string>{junk, "results.sqlite: not an SQLite database"},
                                       {"", "results.sqlite is empty (0 bytes)"}}) {
    write_file(store, content);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"merge", path("e").string(), "--out", path("m").string()},
             {"sensitivity", path("e").string(), "--method", "morris", "--indicator", "papers", "--year", "2011"},
             {"compare", path("f").string(), path("e").string(), "--out", path("c").string()},
             plus(ensemble_args(path("e").string()), {"--resume"})}) {
      const auto r = nisim(args);
      EXPECT_EQ(r.exit_code, 2) << r.describe();
      EXPECT_NE(r.err.find(cause), std::string::npos) << r.describe();
    }
  }
}

TEST_F(DamagedInputCli, NullValuesInAStoreAreRefusedByMergeAndSensitivity) {
  const auto s = nisim({"sweep", kBaselineToml, "--design", "morris", "--samples", "2", "--param",
                        "project_funding_share=0.4:0.9", "--until", "2011", "--out", path("s").string(), "--progress",
                        "none"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  const std::vector<std::string> sens = {"sensitivity", path("s").string(), "--method", "morris", "--indicator",
                                         "gerd_cny_bn", "--year", "2011", "--out", path("sens.csv").string()};
  ASSERT_EQ(nisim(sens).exit_code, 0);
  tamper(path("s") / "results.sqlite",
         "UPDATE indicators SET value = NULL WHERE run = '0002' AND indicator = 'gerd_cny_bn' AND year = 2011");
  const std::string where = "results.sqlite: table indicators, run 0002, column value: NULL where a number belongs";
  auto again = sens;
  again.back() = path("sens2.csv").string();
  auto r = nisim(again);
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  r = nisim({"merge", path("s").string(), "--out", path("m").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("m")));
}

TEST_F(DamagedInputCli, BadJsonInAStoreIsBadInputNamingTheStore) {
  ASSERT_EQ(nisim(ensemble_args(path("e").string())).exit_code, 0);
  const fs::path store = path("e") / "results.sqlite";
  tamper(store, "UPDATE runs SET parameters = '{oops' WHERE run = '0002'");
  auto r = nisim({"merge", path("e").string(), "--out", path("m").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(store.string() + ": table runs, run 0002, column parameters: not valid JSON"),
            std::string::npos)
      << r.err;
  tamper(store, "UPDATE experiment SET value = '{\"format\": \"nisim-experiment-1\"'");
  r = nisim({"merge", path("e").string(), "--out", path("m").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(store.string() + ": the experiment's description (table experiment, key 'meta') is not valid "
                                        "JSON"),
            std::string::npos)
      << r.err;
  tamper(store, "UPDATE experiment SET value = '{\"format\": \"nisim-experiment-1\", \"fingerprint\": \"x\"}'");
  r = nisim(plus(ensemble_args(path("e").string()), {"--resume"}));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("'plan' is missing or not an object"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("json.exception"), std::string::npos) << r.err;
}

TEST_F(DamagedInputCli, AFullDiskIsBadInputAndLeavesAResumableFolderAtEveryFillLevel) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs (a real full disk)";
  const auto args = ensemble_args("", 2, "2012");
  auto at = [&](const fs::path& out) {
    auto a = args;
    a[std::find(a.begin(), a.end(), "--out") - a.begin() + 1] = out.string();
    return a;
  };
  ASSERT_EQ(nisim(at(path("ref"))).exit_code, 0);
  int full = 0;
  // From a disk too small for the store's first page to one that holds everything but
  // the last output files: every stage of an experiment meets the full disk once.
  for (const char* size : {"8k", "32k", "64k", "128k", "200k", "300k", "400k", "500k"}) {
    std::string why;
    const fs::path mnt = path(std::string("disk-") + size);
    auto m = Mount::tmpfs(mnt, size, why);
    if (!m) GTEST_SKIP() << why;
    const auto r = nisim(at(mnt / "e"));
    EXPECT_NE(r.exit_code, 1) << "a full disk is not an internal failure\n" << r.describe();
    if (r.exit_code == 2) {
      ++full;
      const bool says = r.err.find("disk is full") != std::string::npos ||
                        r.err.find("No space left") != std::string::npos ||
                        r.err.find("input/output error") != std::string::npos;
      EXPECT_TRUE(says) << size << ": " << r.err;
    } else {
      EXPECT_EQ(r.exit_code, 0) << r.describe();
    }
    ASSERT_TRUE(m->resize("32m"));
    const auto again = nisim(plus(at(mnt / "e"), {"--resume"}));
    ASSERT_EQ(again.exit_code, 0) << size << ": the folder must be resumable once space is freed\n" << again.describe();
    expect_same_results(path("ref"), mnt / "e");
  }
  EXPECT_GE(full, 6) << "most fill levels should have hit the full disk";
}

TEST_F(DamagedInputCli, ARunOnAFullDiskIsBadInput) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs (a real full disk)";
  for (const char* size : {"16k", "64k", "112k", "144k"}) {  // the folder takes about 175k
    std::string why;
    const fs::path mnt = path(std::string("disk-") + size);
    auto m = Mount::tmpfs(mnt, size, why);
    if (!m) GTEST_SKIP() << why;
    const auto r = nisim({"run", kBaselineToml, "--until", "2012", "--out", (mnt / "r").string(), "--progress", "none"});
    EXPECT_EQ(r.exit_code, 2) << size << "\n" << r.describe();
    EXPECT_FALSE(fs::exists(mnt / "r")) << "nothing that looks complete";
  }
}

TEST_F(DamagedInputCli, TheStoreRefusesToContinueInAReadOnlyFolder) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a read-only bind mount";
  ASSERT_EQ(nisim(ensemble_args(path("e").string())).exit_code, 0);
  std::string why;
  auto ro = Mount::read_only_bind(path("e"), path("ro"), why);
  if (!ro) GTEST_SKIP() << why;
  try {
    experiment::ExperimentStore s(path("ro") / "results.sqlite", experiment::ExperimentStore::Mode::Create);
    FAIL() << "a read-only store was opened for writing";
  } catch (const output::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be written (Read-only file system): continuing an experiment needs "
                                         "write access"),
              std::string::npos)
        << e.what();
  }
  experiment::ExperimentStore r(path("ro") / "results.sqlite", experiment::ExperimentStore::Mode::ReadOnly);
  EXPECT_EQ(r.runs().size(), 2u);
}

TEST_F(DamagedInputCli, AFinishedStoreIsReadFromAReadOnlyFolderAndResumeThereIsRefused) {
  ASSERT_EQ(nisim(ensemble_args(path("e").string())).exit_code, 0);
  ASSERT_EQ(nisim(ensemble_args(path("f").string())).exit_code, 0);
  ASSERT_EQ(nisim({"run", kBaselineToml, "--until", "2011", "--out", path("r").string(), "--progress", "none"})
                .exit_code,
            0);
  for (const fs::path& store : {path("e") / "results.sqlite", path("r") / "results.sqlite"}) {
    EXPECT_FALSE(fs::exists(store.string() + "-wal")) << store;
    EXPECT_FALSE(fs::exists(store.string() + "-shm")) << store;
  }
  // A copy left in WAL mode, as an older nisim left its stores: read as immutable.
  fs::copy(path("e"), path("w"), fs::copy_options::recursive);
  tamper(path("w") / "results.sqlite", "PRAGMA journal_mode=WAL");

  std::unique_ptr<Mount> ro_e, ro_w;
  fs::path e = path("e"), w = path("w");
  if (::geteuid() == 0) {
    std::string why;
    ro_e = Mount::read_only_bind(path("e"), path("ro-e"), why);
    if (ro_e) ro_w = Mount::read_only_bind(path("w"), path("ro-w"), why);
    if (!ro_e || !ro_w) GTEST_SKIP() << why;
    e = path("ro-e");
    w = path("ro-w");
    ASSERT_NE(::access(e.c_str(), W_OK), 0) << "the bind mount is read-only";
  } else {
    fs::permissions(e, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    fs::permissions(w, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  }
  auto r = nisim({"compare", e.string(), path("f").string(), "--out", path("c").string()});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  r = nisim({"merge", e.string(), "--out", path("m").string()});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  expect_same_results(path("e"), path("m"));
  r = nisim({"merge", w.string(), "--out", path("m2").string()});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  expect_same_results(path("e"), path("m2"));
  r = nisim(plus(ensemble_args(e.string()), {"--resume"}));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(r.err.find("ead-only") != std::string::npos || r.err.find("cannot be written") != std::string::npos ||
              r.err.find("Permission denied") != std::string::npos)
      << r.err;
  if (::geteuid() != 0)
    for (const auto& d : {e, w}) fs::permissions(d, fs::perms::owner_write, fs::perm_options::add);
}

}  // namespace
}  // namespace nisim::test_support
