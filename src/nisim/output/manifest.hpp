// manifest.json of a run folder.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace nisim::output {

/// What a run's manifest records (ENGINEERING.md, Outputs).
struct ManifestInfo {
  std::string command_line;     ///< the command as typed (arguments joined by spaces)
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_sha256;  ///< sha256 of scenario.resolved.toml
  std::uint64_t seed = 0;
  double scale = 0;
  int threads = 0;              ///< worker threads used
  int start_year = 0, end_year = 0;
  std::string started_utc, finished_utc;
  double wall_seconds = 0;
  std::size_t peak_rss_bytes = 0;
  double agent_ticks = 0;       ///< researcher-ticks simulated
  std::string status;           ///< "ok" or "failed"
  std::string error;            ///< empty when ok
};

/// The manifest as JSON, with nisim's version and git commit added.
nlohmann::json make_manifest(const ManifestInfo& m);

}  // namespace nisim::output
