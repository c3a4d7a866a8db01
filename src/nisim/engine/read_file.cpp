#include <nisim/engine/read_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace nisim::engine {

namespace {

/// Closes the descriptor on every path out of read_regular_file.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string byte_limit_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return fmt::format("{} MiB ({} bytes)", bytes >> 20, bytes);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB ({} bytes)", bytes >> 10, bytes);
  return fmt::format("{} bytes", bytes);
}

std::string read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
  const std::string& name = path.native();
  if (name.find('\0') != std::string::npos) throw FileReadError("has a NUL byte in its path");
  if (name.empty()) throw FileReadError("has an empty path");
  Fd f;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  f.fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (f.fd < 0) {
    const int err = errno;
    if (err == ENOENT) throw FileReadError("does not exist");
    if (err == ENOTDIR) throw FileReadError("does not exist (a part of its path is not a directory)");
    throw FileReadError(fmt::format("cannot be opened ({})", std::strerror(err)));
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw FileReadError(fmt::format("cannot be inspected ({})", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) throw FileReadError(fmt::format("is {}, not a regular file", kind_of(st.st_mode)));
  if (st.st_size > 0 && static_cast<std::uintmax_t>(st.st_size) > max_bytes)
    throw FileReadError(fmt::format("is larger than the limit of {}: it has {} bytes", byte_limit_text(max_bytes),
                                    static_cast<std::uintmax_t>(st.st_size)));
  std::string out;
  out.resize(std::min<std::size_t>(max_bytes + 1, st.st_size > 0 ? std::size_t(st.st_size) + 1 : 64 * 1024));
  std::size_t have = 0;
  while (true) {
    if (have == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min(max_bytes + 1, out.size() * 2));
    }
    const ssize_t n = ::read(f.fd, out.data() + have, out.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileReadError(fmt::format("could not be read to the end ({})", std::strerror(errno)));
    }
    if (n == 0) break;
    have += std::size_t(n);
  }
  if (have > max_bytes)
    throw FileReadError(fmt::format("is larger than the limit of {}", byte_limit_text(max_bytes)));
  out.resize(have);
  return out;
}

}  // namespace nisim::engine
