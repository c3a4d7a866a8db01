// Test helpers that run a real program as a user would: posix_spawn, stdin from
// /dev/null, stdout and stderr captured separately into files, exit status reported.
// TempDir, read_file and write_file come from ../output/temp_dir.hpp.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../output/temp_dir.hpp"

extern char** environ;

namespace nisim::test_support {

namespace fs = std::filesystem;

/// The outcome of one process.
struct ProcessResult {
  int exit_code = -1;     ///< WEXITSTATUS, or -1 if it did not exit normally
  int term_signal = 0;    ///< signal that ended it, 0 if none
  bool timed_out = false; ///< killed by run_process after the timeout
  std::string out, err;   ///< captured stdout and stderr
  fs::path out_file, err_file;
  std::string command;    ///< the argv joined by spaces, for messages

  /// A one-paragraph summary for assertion messages.
  std::string describe() const {
    std::ostringstream s;
    s << "command: " << command << "\nexit code: " << exit_code;
    if (term_signal) s << " (signal " << term_signal << ")";
    if (timed_out) s << " (timed out)";
    s << "\n--- stdout ---\n" << out << "\n--- stderr ---\n" << err << "\n";
    return s.str();
  }
};

/// A child process started by start_process and not yet waited for.
struct StartedProcess {
  pid_t pid = -1;
  fs::path out_file, err_file;
  std::string command;
};

/// Starts `argv` (argv[0] is the program path) with stdin from /dev/null and stdout and
/// stderr redirected to new files in `capture_dir` (created if needed). Throws
/// std::runtime_error if the process cannot be started.
inline StartedProcess start_process(const std::vector<std::string>& argv, const fs::path& capture_dir) {
  static int counter = 0;
  StartedProcess p;
  for (const auto& a : argv) p.command += (p.command.empty() ? "" : " ") + a;
  fs::create_directories(capture_dir);
  const int n = ++counter;
  p.out_file = capture_dir / ("proc" + std::to_string(n) + ".stdout");
  p.err_file = capture_dir / ("proc" + std::to_string(n) + ".stderr");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, p.out_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, p.err_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const int rc = ::posix_spawn(&p.pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  return p;
}

/// Waits for `p` at most `timeout` and kills it (SIGKILL) after that; reads its streams.
inline ProcessResult wait_process(const StartedProcess& p, std::chrono::seconds timeout = std::chrono::seconds(300)) {
  ProcessResult r;
  r.command = p.command;
  r.out_file = p.out_file;
  r.err_file = p.err_file;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const pid_t w = ::waitpid(p.pid, &status, WNOHANG);
    if (w == p.pid) break;
    if (w < 0 && errno != EINTR) throw std::runtime_error("waitpid failed: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline && !r.timed_out) {
      r.timed_out = true;
      ::kill(p.pid, SIGKILL);  // only the child we started
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  r.out = read_file(r.out_file);
  r.err = read_file(r.err_file);
  return r;
}

/// Runs `argv` to completion: start_process then wait_process.
inline ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& capture_dir,
                                 std::chrono::seconds timeout = std::chrono::seconds(300)) {
  return wait_process(start_process(argv, capture_dir), timeout);
}

#ifdef NISIM_BIN
/// Runs the built nisim binary with `args`.
inline ProcessResult run_nisim(const std::vector<std::string>& args, const fs::path& capture_dir,
                               std::chrono::seconds timeout = std::chrono::seconds(300)) {
  std::vector<std::string> argv{NISIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, capture_dir, timeout);
}
#endif

/// Names of the entries of `dir`, sorted ({} if it does not exist).
inline std::vector<std::string> list_dir(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace nisim::test_support
