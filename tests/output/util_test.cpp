#include <nisim/output/run_folder.hpp>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using nisim::output::peak_rss_bytes;
using nisim::output::sha256_hex;

namespace {

/// Current resident set size (VmRSS) in bytes, 0 if unknown.
std::size_t current_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

/// Resets VmHWM to the current RSS (Linux >= 4.0); false if not allowed.
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)).size(), 64u);
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

TEST(PeakRss, PositiveAndGrowsWithTouchedMemory) {
  const std::size_t first = peak_rss_bytes();
  EXPECT_GT(first, 0u);
  constexpr std::size_t kSize = 64u << 20;
  // The peak only grows past its previous maximum: reset it, or allocate past it.
  std::size_t extra = 0;
  if (!reset_peak_rss()) {
    const std::size_t rss = current_rss_bytes();
    extra = first > rss ? first - rss : 0;
    if (extra > (1u << 30)) GTEST_SKIP() << "cannot reset VmHWM and the old peak is far away";
  }
  const std::size_t before = peak_rss_bytes();
  std::vector<char> big(kSize + extra);
  std::memset(big.data(), 1, big.size());  // touch every page
  const std::size_t after = peak_rss_bytes();
  volatile char sink = big[big.size() / 2];
  (void)sink;
  EXPECT_GE(after, before + kSize / 2) << "before " << before << " after " << after;
}

TEST(UtcNow, Iso8601Shape) {
  const std::string now = nisim::output::utc_now_iso8601();
  const std::string shape = "dddd-dd-ddTdd:dd:ddZ";  // d = digit
  ASSERT_EQ(now.size(), shape.size()) << now;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd')
      EXPECT_TRUE(now[i] >= '0' && now[i] <= '9') << now;
    else
      EXPECT_EQ(now[i], shape[i]) << now;
  }
  EXPECT_GE(now, std::string("2024-01-01T00:00:00Z"));
}
