// Low-level file-system pieces that keep nisim's outputs from ever losing data: path
// resolution and containment, "is this a folder nisim wrote", unpredictable temporary
// names created exclusively, fsync of files and folders, advisory folder locks, and the
// SIGINT/SIGTERM flag that lets a run stop cleanly. Every output writer (RunFolder,
// write_text, experiment::write_atomically, the experiment folder) is built from these, so
// the rules live in one place:
//   - a path is compared only after resolution (`..` and symbolic links of its existing
//     part resolved), so `o/x/..` and a link to an input are recognised as what they are;
//   - an output never replaces anything that is not a regular file or a folder nisim wrote
//     (one holding a nisim manifest.json), and never an input of the same command;
//   - temporary files and folders get names nobody can predict and are created with
//     O_CREAT|O_EXCL|O_NOFOLLOW (files) or mkdir (folders), which never follow a planted
//     symbolic link and never reuse an existing path;
//   - data is fsync'ed before it is renamed into place and the folder after the rename.
// All failures throw OutputError (the user's environment: exit 2).
#pragma once
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nisim::output {

// --- paths ------------------------------------------------------------------------------

/// `p` made absolute with every symbolic link and `..` of its existing prefix resolved
/// (std::filesystem::weakly_canonical); the missing rest is appended lexically normalised.
std::filesystem::path resolve_path(const std::filesystem::path& p);

/// True if `inner` is `outer` or lies inside it. Both are resolved first.
bool path_within(const std::filesystem::path& inner, const std::filesystem::path& outer);

/// Throws OutputError unless `out` and every path of `inputs` are disjoint: `out` is not
/// an input, not inside one, and does not contain one (an output folder replaced or
/// written into would destroy it). `what` names the inputs in the message, e.g.
/// "run folder". Paths are resolved first.
void check_output_disjoint(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs,
                           const std::string& what);

// --- what is at a path -------------------------------------------------------------------

/// Name of the lock file of an experiment folder (and of a run's staging folder). It holds
/// the PID of the process that locks it; its presence alone means nothing (see FolderLock).
inline constexpr const char* kLockFile = ".nisim.lock";

/// Infix of every temporary name: `<name>.tmp-<random>`.
inline constexpr const char* kTempInfix = ".tmp-";

/// What an output would find at its path (symbolic links are not followed).
enum class PathKind {
  Missing,      ///< nothing there
  EmptyDir,     ///< a folder with no entries other than kLockFile
  NisimDir,     ///< a non-empty folder holding a nisim manifest.json (see is_nisim_manifest)
  OtherDir,     ///< a non-empty folder nisim did not write
  RegularFile,  ///< a regular file
  Other,        ///< a symbolic link, device, FIFO or socket
};

/// Classifies `p`. Throws OutputError if it cannot be inspected (permissions, I/O).
PathKind inspect_path(const std::filesystem::path& p);

/// True if `file` is a regular file (not a link) holding a JSON object with the string
/// keys "nisim_version" and "git_commit", as every manifest.json nisim writes (run,
/// compare and experiment folders) does.
bool is_nisim_manifest(const std::filesystem::path& file);

/// True if `name` is a temporary name `<something>.tmp-<letters and digits>` (nisim's,
/// including the `.tmp-<pid>` names of older versions).
bool is_temp_name(const std::string& name);

/// Refuses (OutputError) to write the output file `file` when something is there that is
/// not a regular file (a directory, link, device, FIFO or socket: never replaced), or a
/// regular file and `overwrite` is false (the message says to use --force).
void check_output_file(const std::filesystem::path& file, bool overwrite);

// --- creating, syncing, renaming ---------------------------------------------------------

/// An owned file descriptor, closed on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() {
    const int f = fd_;
    fd_ = -1;
    return f;
  }
  /// Closes now; throws OutputError naming `what` if close() reports an error.
  void close(const std::filesystem::path& what);

 private:
  int fd_ = -1;
};

/// 12 random letters and digits (getrandom), for temporary names.
std::string random_suffix();

/// Creates the new folder `<parent>/<prefix><random>` (like mkdtemp: mkdir never follows
/// a link and fails on an existing path, so a planted name is never used) with mode
/// 0777 & ~umask, so the published folder has the user's usual permissions. Retries on a
/// name clash. Returns its path.
std::filesystem::path make_unique_dir(const std::filesystem::path& parent, const std::string& prefix);

/// Creates and opens for writing the new file `<dir>/<prefix><random>` with
/// O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0666 & ~umask. `path` receives its name.
Fd create_unique_file(const std::filesystem::path& dir, const std::string& prefix, std::filesystem::path& path);

/// Writes all of `data` to `fd` (retrying short writes and EINTR).
void write_all(int fd, const char* data, std::size_t size, const std::filesystem::path& what);

/// fsync(fd); OutputError naming `what` on failure. Every fsync of nisim goes through
/// here and is counted (sync_count), so tests can tell that data is flushed.
void sync_fd(int fd, const std::filesystem::path& what);
/// Opens `dir` (O_DIRECTORY|O_NOFOLLOW) and fsyncs it: makes its entries (a rename, a new
/// file) durable.
void sync_dir(const std::filesystem::path& dir);
/// fsyncs every regular file under `dir` (links are not followed), every folder under it
/// and `dir` itself.
void sync_tree(const std::filesystem::path& dir);
/// Number of fsync calls this process has made through sync_fd.
std::uint64_t sync_count();

/// rename(from, to) that never replaces `to` (renameat2 RENAME_NOREPLACE; where the file
/// system does not offer it, a check and a plain rename). Returns false with errno
/// EEXIST-like `ec` when `to` exists.
bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to, std::error_code& ec);

/// Swaps `a` and `b` atomically (renameat2 RENAME_EXCHANGE). Returns false (ec set) if
/// the file system does not support it or the swap fails.
bool rename_exchange(const std::filesystem::path& a, const std::filesystem::path& b, std::error_code& ec);

// --- locks ---------------------------------------------------------------------------------

/// An exclusive advisory lock (flock) on `<dir>/.nisim.lock`, held until destruction.
/// The kernel releases it when the process ends in any way (a SIGKILL leaves no stale
/// lock); the lock file itself stays and is harmless. The file holds the holder's PID so
/// that the process that is refused can say who holds it.
class FolderLock {
 public:
  FolderLock() = default;
  FolderLock(FolderLock&&) noexcept = default;
  FolderLock& operator=(FolderLock&&) noexcept = default;

  /// Takes the lock of `dir` (the lock file is created if needed, O_NOFOLLOW|O_CLOEXEC)
  /// and writes this process's PID into it. Throws OutputError "<what> <dir> is in use
  /// by another nisim process (PID n)" if another process holds it.
  static FolderLock acquire(const std::filesystem::path& dir, const std::string& what);

  /// Checks without creating anything that no other process holds the lock of `dir`
  /// (a missing lock file is free). Throws the same OutputError as acquire() otherwise.
  /// The returned lock (empty if there was no lock file) is shared: it keeps an
  /// experiment from starting in `dir` while `dir` is read.
  static FolderLock check_free(const std::filesystem::path& dir, const std::string& what);

  /// Tries the exclusive lock of `dir` without creating anything. Returns false with
  /// the holder's PID (0 if unknown) when another process holds it; true otherwise, with
  /// `lock` held if the lock file exists and left empty if it does not.
  static bool try_exclusive(const std::filesystem::path& dir, FolderLock& lock, pid_t& holder);

  bool held() const { return static_cast<bool>(fd_); }
  /// The PID written in the lock file (0 if none: its holder had not written it yet).
  pid_t recorded_pid() const;
  /// Unlocks now.
  void release() { fd_ = Fd(); }

 private:
  Fd fd_;
};

// --- SIGINT / SIGTERM --------------------------------------------------------------------

/// Thrown (by throw_if_interrupted) when SIGINT or SIGTERM arrived. Deliberately not a
/// std::exception, so that the code that records a failed run (`catch (std::exception&)`)
/// does not mistake an interruption for a failure; main() maps it to exit 128 + signal
/// (130 for SIGINT, 143 for SIGTERM).
struct Interrupted {
  int signal = 0;
};

/// Installs the handlers of SIGINT and SIGTERM. The handler only stores the signal in an
/// atomic flag (async-signal-safe); the code polls it with throw_if_interrupted(). A
/// second signal restores the default action and re-raises it, so pressing Ctrl-C twice
/// always ends the process at once.
void install_interrupt_handlers();

/// The signal received since install_interrupt_handlers (0 if none).
int interrupt_signal();

/// Throws Interrupted if a signal was received.
void throw_if_interrupted();

}  // namespace nisim::output
