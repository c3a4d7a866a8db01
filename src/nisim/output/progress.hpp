// Progress reporting on stderr: a bar with ETA on a terminal, JSON lines otherwise.
#pragma once
#include <chrono>
#include <mutex>
#include <string>

namespace nisim::output {

enum class ProgressMode {
  Auto,  ///< Bar when stderr is a terminal, Json otherwise
  Bar,   ///< one redrawn line: label, [#####.....], done/total, units, elapsed, ETA
  Json,  ///< one JSON object per line: {"event":"progress","label":..,"done":..,"total":..,"elapsed_s":..,"eta_s":..}
  None   ///< silent
};

/// Parses "auto|bar|json|none"; throws std::invalid_argument otherwise.
ProgressMode parse_progress_mode(const std::string& s);

/// Reports progress of `total` units (years, runs) on stderr. Updates are rate-limited
/// (at most ~10 redraws per second for the bar; every unit for JSON).
/// update() and finish() may be called from several threads.
class Progress {
 public:
  /// Auto is resolved here (isatty(STDERR_FILENO)). Nothing is printed until update().
  Progress(ProgressMode mode, std::string label, long total, std::string unit);
  /// Ends an unfinished bar line with a newline so later messages start on their own line.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  /// The mode in effect (never Auto).
  ProgressMode mode() const { return mode_; }
  /// `done` units finished so far; `failed` shown when non-zero (experiments).
  void update(long done, long failed = 0);
  /// Final line (bar: newline; JSON: {"event":"done",...,"status":status}).
  void finish(const std::string& status);

 private:
  ProgressMode mode_;
  std::string label_, unit_;
  long total_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drew_ = false;
  long done_ = 0, failed_ = 0;  ///< last values passed to update()
  bool finished_ = false;
  std::mutex mu_;

  // `status` is null for an update and the final status for finish().
  void draw_bar(std::chrono::steady_clock::time_point now, const std::string* status);
  void emit_json(std::chrono::steady_clock::time_point now, const std::string* status);
};

}  // namespace nisim::output
