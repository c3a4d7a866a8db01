// Safe file-system primitives of the output writers (see safe_fs.hpp for the rules).
#include <nisim/output/safe_fs.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <nisim/output/run_folder.hpp>

namespace nisim::output {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail_errno(const std::string& what, const fs::path& path, int err) {
  throw OutputError(fmt::format("{} {}: {}", what, path.string(), std::strerror(err)));
}

/// "/a/b/" -> "/a/b": an empty last component would make containment tests miss.
fs::path strip_trailing(fs::path p) {
  while (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

std::atomic<std::uint64_t> g_syncs{0};
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal flag must be lock-free to be async-signal-safe");

void on_interrupt(int sig) {
  // Only async-signal-safe operations here: an atomic store, or (second signal) the
  // default action restored and the signal raised again, which ends the process.
  if (g_signal.load(std::memory_order_relaxed) != 0) {
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  g_signal.store(sig, std::memory_order_relaxed);
}

std::string in_use_message(const std::string& what, const fs::path& dir, pid_t pid) {
  const std::string who = pid > 0 ? fmt::format("PID {}", static_cast<long>(pid)) : std::string("PID unknown");
  return fmt::format(
      "{} {} is in use by another nisim process ({}); wait for it to end, or stop it{}, and run the command again",
      what, dir.string(), who, pid > 0 ? fmt::format(" (kill {})", static_cast<long>(pid)) : std::string());
}

pid_t read_pid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  long v = 0;
  for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) v = v * 10 + (buf[i] - '0');
  return static_cast<pid_t>(v);
}

/// The holder's PID, waiting a moment if it has locked the file but not yet written it.
pid_t holder_pid(int fd) {
  for (int i = 0; i < 20; ++i) {
    if (const pid_t p = read_pid(fd); p > 0) return p;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

}  // namespace

// --- paths ------------------------------------------------------------------------------

fs::path resolve_path(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) fail_errno("cannot resolve path", p, ec.value());
  fs::path r = fs::weakly_canonical(abs, ec);
  if (ec) r = abs.lexically_normal();  // e.g. a component is unreadable: the best we can say
  return strip_trailing(r);
}

bool path_within(const fs::path& inner, const fs::path& outer) {
  const fs::path i = resolve_path(inner), o = resolve_path(outer);
  return std::mismatch(o.begin(), o.end(), i.begin(), i.end()).first == o.end();
}

void check_output_disjoint(const fs::path& out, const std::vector<fs::path>& inputs, const std::string& what) {
  for (const auto& in : inputs) {
    if (path_within(out, in) || path_within(in, out))
      throw OutputError(fmt::format(
          "--out {} is, is inside or contains the {} {}: an output never replaces or writes into an input of "
          "the same command; choose another --out",
          out.string(), what, in.string()));
  }
}

// --- what is at a path -------------------------------------------------------------------

bool is_nisim_manifest(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec))) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("nisim_version") && j["nisim_version"].is_string() &&
         j.contains("git_commit") && j["git_commit"].is_string();
}

PathKind inspect_path(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(p, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) fail_errno("cannot inspect", p, ec.value());
  if (!fs::exists(st)) return PathKind::Missing;
  if (fs::is_regular_file(st)) return PathKind::RegularFile;
  if (!fs::is_directory(st)) return PathKind::Other;  // links, devices, FIFOs, sockets
  fs::directory_iterator it(p, ec);
  if (ec) fail_errno("cannot read folder", p, ec.value());
  bool empty = true;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().filename() != kLockFile) {
      empty = false;
      break;
    }
  }
  if (ec) fail_errno("cannot read folder", p, ec.value());
  if (empty) return PathKind::EmptyDir;
  return is_nisim_manifest(p / "manifest.json") ? PathKind::NisimDir : PathKind::OtherDir;
}

bool is_temp_name(const std::string& name) {
  const auto pos = name.rfind(kTempInfix);
  if (pos == std::string::npos || pos == 0) return false;
  const std::string tail = name.substr(pos + std::strlen(kTempInfix));
  return !tail.empty() &&
         std::all_of(tail.begin(), tail.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

void check_output_file(const fs::path& file, bool overwrite) {
  switch (inspect_path(file)) {
    case PathKind::Missing:
      return;
    case PathKind::RegularFile:
      if (overwrite) return;
      throw OutputError(fmt::format("output file {} exists (use --force to replace it)", file.string()));
    default:
      throw OutputError(fmt::format(
          "output file {} exists and is not a regular file (a folder, link, device, FIFO or socket); nisim never "
          "replaces it, not even with --force: choose another --out",
          file.string()));
  }
}

// --- creating, syncing, renaming ---------------------------------------------------------

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

void Fd::close(const fs::path& what) {
  const int f = release();
  if (f >= 0 && ::close(f) != 0 && errno != EINTR) fail_errno("cannot write", what, errno);
}

std::string random_suffix() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[12];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw OutputError(fmt::format("cannot draw a random name: {}", std::strerror(errno)));
    }
    got += static_cast<std::size_t>(n);
  }
  std::string s;
  for (unsigned char b : bytes) s.push_back(kChars[b % (sizeof kChars - 1)]);
  return s;
}

fs::path make_unique_dir(const fs::path& parent, const std::string& prefix) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path p = parent / (prefix + random_suffix());
    // mkdir applies the umask to 0777, unlike mkdtemp's fixed 0700.
    if (::mkdir(p.c_str(), 0777) == 0) return p;
    if (errno != EEXIST) fail_errno("cannot create temporary folder", p, errno);
  }
  throw OutputError(fmt::format("cannot create a temporary folder in {}", parent.string()));
}

Fd create_unique_file(const fs::path& dir, const std::string& prefix, fs::path& path) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path p = dir / (prefix + random_suffix());
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) {
      path = p;
      return Fd(fd);
    }
    if (errno != EEXIST) fail_errno("cannot create temporary file", p, errno);
  }
  throw OutputError(fmt::format("cannot create a temporary file in {}", dir.string()));
}

void write_all(int fd, const char* data, std::size_t size, const fs::path& what) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno("cannot write", what, errno);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void sync_fd(int fd, const fs::path& what) {
  g_syncs.fetch_add(1, std::memory_order_relaxed);
  // EINVAL: the file system cannot sync this kind of file (some do not sync folders);
  // there is nothing more we could do for durability there.
  if (::fsync(fd) != 0 && errno != EINVAL) fail_errno("cannot flush to disk", what, errno);
}

void sync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) fail_errno("cannot open folder", dir, errno);
  sync_fd(fd.get(), dir);
}

void sync_tree(const fs::path& dir) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_regular_file(st)) {
      Fd fd(::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      if (!fd) fail_errno("cannot open", it->path(), errno);
      sync_fd(fd.get(), it->path());
    } else if (fs::is_directory(st)) {
      sync_dir(it->path());
    }
  }
  if (ec) fail_errno("cannot read folder", dir, ec.value());
  sync_dir(dir);
}

std::uint64_t sync_count() { return g_syncs.load(); }

bool rename_no_replace(const fs::path& from, const fs::path& to, std::error_code& ec) {
  ec.clear();
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) {
    ec.assign(errno, std::generic_category());
    return false;
  }
  // No RENAME_NOREPLACE on this file system: check, then rename (a small window, the
  // best the system allows).
  std::error_code st_ec;
  if (fs::exists(fs::symlink_status(to, st_ec))) {
    ec = std::make_error_code(std::errc::file_exists);
    return false;
  }
  if (::rename(from.c_str(), to.c_str()) != 0) {
    ec.assign(errno, std::generic_category());
    return false;
  }
  return true;
}

bool rename_exchange(const fs::path& a, const fs::path& b, std::error_code& ec) {
  ec.clear();
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return true;
  ec.assign(errno, std::generic_category());
  return false;
}

// --- locks ---------------------------------------------------------------------------------

FolderLock FolderLock::acquire(const fs::path& dir, const std::string& what) {
  const fs::path file = dir / kLockFile;
  Fd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (!fd) fail_errno("cannot create lock file", file, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw OutputError(fmt::format("lock file {} is not a regular file; remove it", file.string()));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw OutputError(in_use_message(what, dir, holder_pid(fd.get())));
    fail_errno("cannot lock", file, errno);
  }
  const std::string pid = fmt::format("{}\n", static_cast<long>(::getpid()));
  if (::ftruncate(fd.get(), 0) != 0) fail_errno("cannot write lock file", file, errno);
  if (::pwrite(fd.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    fail_errno("cannot write lock file", file, errno);
  FolderLock lock;
  lock.fd_ = std::move(fd);
  return lock;
}

FolderLock FolderLock::check_free(const fs::path& dir, const std::string& what) {
  const fs::path file = dir / kLockFile;
  Fd fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  FolderLock lock;
  if (!fd) {
    if (errno == ENOENT) return lock;
    fail_errno("cannot open lock file", file, errno);
  }
  if (::flock(fd.get(), LOCK_SH | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw OutputError(in_use_message(what, dir, holder_pid(fd.get())));
    fail_errno("cannot lock", file, errno);
  }
  lock.fd_ = std::move(fd);
  return lock;
}

bool FolderLock::try_exclusive(const fs::path& dir, FolderLock& lock, pid_t& holder) {
  holder = 0;
  lock.release();
  const fs::path file = dir / kLockFile;
  Fd fd(::open(file.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return errno == ENOENT;  // no lock file: free; unreadable: cannot tell, not free
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) holder = holder_pid(fd.get());
    return false;
  }
  lock.fd_ = std::move(fd);
  return true;
}

pid_t FolderLock::recorded_pid() const { return fd_ ? read_pid(fd_.get()) : 0; }

// --- SIGINT / SIGTERM --------------------------------------------------------------------

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // file and SQLite I/O carry on; the flag is polled
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

int interrupt_signal() { return g_signal.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (const int s = interrupt_signal(); s != 0) throw Interrupted{s};
}

}  // namespace nisim::output
