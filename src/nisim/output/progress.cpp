// Progress on stderr: a redrawn bar on a terminal, JSON lines for machines.
#include <nisim/output/progress.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace nisim::output {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kMinRedraw = std::chrono::milliseconds(100);  // bar: at most 10 Hz
constexpr int kBarWidth = 30;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

/// Rounded to milliseconds so JSON lines stay short.
double round_ms(double s) { return std::round(s * 1000.0) / 1000.0; }

/// "3.1s", "2m05s", "1h07m".
std::string human(double s) {
  if (s < 60) return fmt::format("{:.1f}s", s);
  const long t = std::lround(s);
  if (t < 3600) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
}

/// Remaining time by linear extrapolation; negative when unknown.
double eta(double elapsed, long done, long total) {
  if (done <= 0) return -1;
  if (done >= total) return 0;
  return elapsed * static_cast<double>(total - done) / static_cast<double>(done);
}

void put(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

ProgressMode parse_progress_mode(const std::string& s) {
  if (s == "auto") return ProgressMode::Auto;
  if (s == "bar") return ProgressMode::Bar;
  if (s == "json") return ProgressMode::Json;
  if (s == "none") return ProgressMode::None;
  throw std::invalid_argument(
      fmt::format("invalid progress mode '{}' (allowed: auto, bar, json, none)", s));
}

Progress::Progress(ProgressMode mode, std::string label, long total, std::string unit)
    : mode_(mode), label_(std::move(label)), unit_(std::move(unit)), total_(total),
      start_(Clock::now()), last_draw_(start_) {
  if (mode_ == ProgressMode::Auto)
    mode_ = ::isatty(STDERR_FILENO) ? ProgressMode::Bar : ProgressMode::Json;
}

Progress::~Progress() {
  if (mode_ == ProgressMode::Bar && drew_ && !finished_) std::fputs("\n", stderr);
}

void Progress::update(long done, long failed) {
  if (mode_ == ProgressMode::None) return;
  std::lock_guard lock(mu_);
  if (finished_) return;
  done_ = done;
  failed_ = failed;
  const auto now = Clock::now();
  if (mode_ == ProgressMode::Json) {
    emit_json(now, nullptr);
  } else if (!drew_ || done >= total_ || now - last_draw_ >= kMinRedraw) {
    draw_bar(now, nullptr);
  }
}

void Progress::finish(const std::string& status) {
  if (mode_ == ProgressMode::None) return;
  std::lock_guard lock(mu_);
  if (finished_) return;
  finished_ = true;
  const auto now = Clock::now();
  if (mode_ == ProgressMode::Json)
    emit_json(now, &status);
  else
    draw_bar(now, &status);
}

void Progress::draw_bar(Clock::time_point now, const std::string* status) {
  const double elapsed = seconds(now - start_);
  const double frac =
      total_ > 0 ? std::clamp(static_cast<double>(done_) / static_cast<double>(total_), 0.0, 1.0)
                 : 1.0;
  const int filled = static_cast<int>(frac * kBarWidth);
  std::string line = fmt::format("\r{} [{}{}] {}/{} {}  {}", label_, std::string(filled, '#'),
                                 std::string(kBarWidth - filled, '.'), done_, total_, unit_,
                                 human(elapsed));
  if (failed_ != 0) line += fmt::format("  {} failed", failed_);
  if (status == nullptr) {
    const double left = eta(elapsed, done_, total_);
    if (left >= 0 && done_ < total_) line += "  ETA " + human(left);
  } else if (*status != "ok") {
    line += "  " + *status;
  }
  line += "\033[K";
  if (status != nullptr) line += "\n";
  put(line);
  drew_ = true;
  last_draw_ = now;
}

void Progress::emit_json(Clock::time_point now, const std::string* status) {
  const double elapsed = round_ms(seconds(now - start_));
  nlohmann::ordered_json j;
  j["event"] = status ? "done" : "progress";
  j["label"] = label_;
  j["done"] = done_;
  j["total"] = total_;
  j["unit"] = unit_;
  j["failed"] = failed_;
  j["elapsed_s"] = elapsed;
  if (status) {
    j["status"] = *status;
  } else {
    const double left = eta(elapsed, done_, total_);
    if (left >= 0)
      j["eta_s"] = round_ms(left);
    else
      j["eta_s"] = nullptr;  // nothing finished yet
  }
  put(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  drew_ = true;
  last_draw_ = now;
}

}  // namespace nisim::output
