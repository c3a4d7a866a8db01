#include <nisim/output/progress.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nisim::output::parse_progress_mode;
using nisim::output::Progress;
using nisim::output::ProgressMode;

namespace {

/// Redirects file descriptor 2 to an anonymous temporary file while alive.
class CaptureStderr {
 public:
  CaptureStderr() {
    std::fflush(stderr);
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error("tmpfile failed");
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~CaptureStderr() {
    restore();
    std::fclose(file_);
  }
  /// Restores stderr and returns everything written to it.
  std::string finish() {
    restore();
    std::string out;
    std::rewind(file_);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) out.append(buf, n);
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_ = nullptr;
  int saved_ = -1;
};

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST(ProgressMode, Parses) {
  EXPECT_EQ(parse_progress_mode("auto"), ProgressMode::Auto);
  EXPECT_EQ(parse_progress_mode("bar"), ProgressMode::Bar);
  EXPECT_EQ(parse_progress_mode("json"), ProgressMode::Json);
  EXPECT_EQ(parse_progress_mode("none"), ProgressMode::None);
  try {
    parse_progress_mode("Bars");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const char* allowed : {"auto", "bar", "json", "none", "Bars"})
      EXPECT_NE(msg.find(allowed), std::string::npos) << msg;
  }
}

TEST(Progress, JsonLines) {
  CaptureStderr cap;
  {
    Progress p(ProgressMode::Json, "baseline \"x\"", 3, "years");
    p.update(1);
    p.update(2, 1);
    p.update(3, 1);
    p.finish("ok");
    p.update(3);  // ignored after finish
  }
  const auto lines = json_lines(cap.finish());
  ASSERT_EQ(lines.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    const auto& j = lines[i];
    EXPECT_EQ(j.at("event"), "progress");
    EXPECT_EQ(j.at("label"), "baseline \"x\"");
    EXPECT_EQ(j.at("done"), i + 1);
    EXPECT_EQ(j.at("total"), 3);
    EXPECT_EQ(j.at("unit"), "years");
    EXPECT_EQ(j.at("failed"), i == 0 ? 0 : 1);
    EXPECT_TRUE(j.at("elapsed_s").is_number());
    EXPECT_GE(j.at("elapsed_s").get<double>(), 0.0);
    EXPECT_TRUE(j.at("eta_s").is_number());
    EXPECT_GE(j.at("eta_s").get<double>(), 0.0);
  }
  EXPECT_EQ(lines[2].at("eta_s"), 0.0);
  const auto& done = lines[3];
  EXPECT_EQ(done.at("event"), "done");
  EXPECT_EQ(done.at("label"), "baseline \"x\"");
  EXPECT_EQ(done.at("done"), 3);
  EXPECT_EQ(done.at("total"), 3);
  EXPECT_TRUE(done.at("elapsed_s").is_number());
  EXPECT_EQ(done.at("status"), "ok");
}

TEST(Progress, JsonEtaUnknownBeforeFirstUnit) {
  CaptureStderr cap;
  Progress p(ProgressMode::Json, "exp", 10, "runs");
  p.update(0);
  p.finish("failed");
  const auto lines = json_lines(cap.finish());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].at("eta_s").is_null());
  EXPECT_EQ(lines[1].at("status"), "failed");
  EXPECT_EQ(lines[1].at("done"), 0);
}

TEST(Progress, AutoIsJsonWhenStderrIsNotATerminal) {
  CaptureStderr cap;
  Progress p(ProgressMode::Auto, "run", 2, "years");
  EXPECT_EQ(p.mode(), ProgressMode::Json);
  p.update(1);
  p.finish("ok");
  const auto lines = json_lines(cap.finish());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("event"), "progress");
  EXPECT_EQ(lines[1].at("event"), "done");
}

TEST(Progress, NoneIsSilent) {
  CaptureStderr cap;
  {
    Progress p(ProgressMode::None, "run", 2, "years");
    p.update(1);
    p.finish("ok");
  }
  EXPECT_EQ(cap.finish(), "");
}

TEST(Progress, BarIsRateLimitedAndEndsWithNewline) {
  CaptureStderr cap;
  {
    Progress p(ProgressMode::Bar, "baseline", 26, "years");
    p.update(12);  // first update is drawn
    for (long d = 13; d < 20; ++d) p.update(d);  // within 100 ms: skipped
    p.update(26);  // the last unit is always drawn
    p.finish("ok");
  }
  const std::string out = cap.finish();
  EXPECT_NE(out.find("\rbaseline [###########"), std::string::npos) << out;
  EXPECT_NE(out.find("12/26 years"), std::string::npos) << out;
  EXPECT_NE(out.find("ETA"), std::string::npos) << out;
  EXPECT_NE(out.find("\033[K"), std::string::npos) << out;
  EXPECT_EQ(out.find("15/26"), std::string::npos) << out;
  EXPECT_NE(out.find("[##############################] 26/26 years"), std::string::npos) << out;
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  // Three draws: 12, 26, and the final line.
  std::size_t draws = 0;
  for (char c : out) draws += c == '\r';
  EXPECT_EQ(draws, 3u);
}

TEST(Progress, BarRedrawsAfterInterval) {
  CaptureStderr cap;
  {
    Progress p(ProgressMode::Bar, "exp", 10, "runs");
    p.update(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    p.update(2, 1);
  }  // destroyed without finish: the line is still ended
  const std::string out = cap.finish();
  EXPECT_NE(out.find("2/10 runs"), std::string::npos) << out;
  EXPECT_NE(out.find("1 failed"), std::string::npos) << out;
  EXPECT_EQ(out.back(), '\n');
}
