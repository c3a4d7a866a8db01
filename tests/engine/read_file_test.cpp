// Bounded reads of user-named files: devices, FIFOs, huge files and failing reads are
// refused with a reason, never read forever or taken as empty.
#include <nisim/engine/read_file.hpp>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "../output/temp_dir.hpp"

namespace nisim::engine {
namespace {

using test_support::TempDir;
using test_support::write_file;

std::string reason(const std::filesystem::path& p, std::size_t max = kMaxInputFileBytes) {
  try {
    (void)read_regular_file(p, max);
  } catch (const FileReadError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ReadFile, ReadsARegularFileExactly) {
  TempDir d;
  const std::string text = std::string("a = 1\n\0b = 2\n", 13);
  write_file(d / "s.toml", text);
  EXPECT_EQ(read_regular_file(d / "s.toml"), text);
}

TEST(ReadFile, AFileOfExactlyTheLimitIsReadAndOneByteMoreIsRefused) {
  TempDir d;
  write_file(d / "at.toml", std::string(100, 'x'));
  write_file(d / "over.toml", std::string(101, 'x'));
  EXPECT_EQ(read_regular_file(d / "at.toml", 100).size(), 100u);
  EXPECT_NE(reason(d / "over.toml", 100).find("larger than the limit of 100 bytes"), std::string::npos);
}

TEST(ReadFile, MissingFilesAndDirectoriesAreNamedAsSuch) {
  TempDir d;
  EXPECT_EQ(reason(d / "none.toml"), "does not exist");
  EXPECT_NE(reason(d.path()).find("is a directory"), std::string::npos);
}

TEST(ReadFile, AFifoIsRefusedWithoutWaitingForAWriter) {
  TempDir d;
  ASSERT_EQ(::mkfifo((d / "fifo").c_str(), 0600), 0);
  // Without O_NONBLOCK the open itself would block forever: the test would hang.
  EXPECT_NE(reason(d / "fifo").find("is a FIFO"), std::string::npos);
}

TEST(ReadFile, DevicesAreRefused) {
  EXPECT_NE(reason("/dev/zero").find("character device"), std::string::npos);
  EXPECT_NE(reason("/dev/urandom").find("character device"), std::string::npos);
}

TEST(ReadFile, AReadErrorAfterOpenIsReportedNotTakenAsEmpty) {
  // /proc/self/mem is a regular file of size 0 whose first page cannot be read (EIO).
  EXPECT_NE(reason("/proc/self/mem").find("could not be read to the end"), std::string::npos);
}

TEST(ReadFile, AProcFileOfReportedSizeZeroIsStillReadAndBounded) {
  EXPECT_FALSE(read_regular_file("/proc/self/status").empty());
  EXPECT_NE(reason("/proc/self/status", 16).find("larger than the limit of 16 bytes"), std::string::npos);
}

TEST(ReadFile, APathWithANulByteIsRefused) {
  EXPECT_EQ(reason(std::string("/etc/host\0name", 14)), "has a NUL byte in its path");
}

TEST(ReadFile, LimitsArePrintedInTheirUnits) {
  EXPECT_EQ(byte_limit_text(std::size_t{1} << 20), "1 MiB (1048576 bytes)");
  EXPECT_EQ(byte_limit_text(2048), "2 KiB (2048 bytes)");
  EXPECT_EQ(byte_limit_text(100), "100 bytes");
}

}  // namespace
}  // namespace nisim::engine
