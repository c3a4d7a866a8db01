#include <nisim/output/manifest.hpp>

#include <nisim/version.hpp>

namespace nisim::output {

nlohmann::json make_manifest(const ManifestInfo& m) {
  nlohmann::json j;
  j["nisim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["command_line"] = m.command_line;
  j["scenario"] = {{"name", m.scenario_name}, {"file", m.scenario_file}, {"sha256", m.scenario_sha256}};
  j["seed"] = m.seed;
  j["scale"] = m.scale;
  j["threads"] = m.threads;
  j["years"] = {{"start", m.start_year}, {"end", m.end_year}};
  j["started_utc"] = m.started_utc;
  j["finished_utc"] = m.finished_utc;
  j["wall_seconds"] = m.wall_seconds;
  j["peak_rss_bytes"] = m.peak_rss_bytes;
  j["agent_ticks"] = m.agent_ticks;
  j["agent_ticks_per_second"] = m.wall_seconds > 0 ? m.agent_ticks / m.wall_seconds : 0.0;
  j["status"] = m.status;
  if (!m.error.empty()) j["error"] = m.error;
  return j;
}

}  // namespace nisim::output
