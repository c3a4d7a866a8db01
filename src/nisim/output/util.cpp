// Small helpers for manifests: hashing, peak memory, timestamps.
#include <nisim/output/run_folder.hpp>

#include <openssl/evp.h>
#include <sys/resource.h>

#include <array>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace nisim::output {

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256 failed (OpenSSL EVP_Digest)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xF]);
  }
  return out;
}

std::size_t peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      // "VmHWM:\t   12345 kB"
      std::size_t kb = 0;
      bool digits = false;
      for (char c : line.substr(6)) {
        if (c >= '0' && c <= '9') {
          kb = kb * 10 + static_cast<std::size_t>(c - '0');
          digits = true;
        } else if (digits) {
          break;
        }
      }
      if (digits) return kb * 1024;
    }
  }
  // No /proc (or no VmHWM): getrusage reports the peak in kilobytes on Linux.
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0)
    return static_cast<std::size_t>(ru.ru_maxrss) * 1024;
  return 0;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace nisim::output
