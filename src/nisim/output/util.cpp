// Small helpers: whole-file output, and for manifests hashing, peak memory, timestamps.
#include <nisim/output/run_folder.hpp>

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/resource.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/output/safe_fs.hpp>

namespace nisim::output {

void write_text(const std::filesystem::path& file, const std::string& text) {
  // O_NOFOLLOW: a link planted at the name is not written through. O_NONBLOCK: opening
  // a FIFO for writing would otherwise wait for a reader; it is refused below instead.
  Fd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0666));
  if (!fd) throw OutputError(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw OutputError(fmt::format("cannot write {}: not a regular file", file.string()));
  // Truncate only once it is known to be a regular file.
  if (::ftruncate(fd.get(), 0) != 0 || ::fcntl(fd.get(), F_SETFL, 0) != 0)
    throw OutputError(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  write_all(fd.get(), text.data(), text.size(), file);
  sync_fd(fd.get(), file);
  fd.close(file);
}

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
