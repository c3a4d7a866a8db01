// The files of an experiment folder written from its store (shared by run_experiment and
// merge_experiments; see experiment.hpp for the list).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include <nisim/experiment/plan.hpp>
#include <nisim/experiment/store.hpp>

namespace nisim::experiment {

/// Meta JSON keys: "format", "fingerprint", "plan", "scenario" {name, file, sha256,
/// resolved_toml}, "shard" {k, count}, "write_csv".
inline constexpr const char* kMetaFormat = "nisim-experiment-1";

/// The parts of a manifest that are not in the store.
struct ManifestRuntime {
  std::string command_line, started_utc, finished_utc, status;
  double wall_seconds = 0;
  std::size_t peak_rss_bytes = 0;
  int processes = 1, jobs = 1, threads = 1;
};

/// Shard of a meta JSON.
Shard meta_shard(const nlohmann::json& meta);

/// manifest.json of the folder: the experiment, and every run of its shard with its status
/// ("ok", "failed", or "pending" while not finished; "missing" after a merge).
nlohmann::json experiment_manifest(ExperimentStore& store, const nlohmann::json& meta,
                                   const ManifestRuntime& rt, const char* unfinished_status);

/// Writes `text` to `file` through a temporary sibling `<file>.tmp-<random>` (created with
/// O_CREAT|O_EXCL|O_NOFOLLOW), fsynced, renamed onto `file`, and the folder fsynced: a
/// reader, a killed writer or a crash never sees half a file. Replaces an existing regular
/// file; anything else at `file` (folder, link, device, FIFO) is an output::OutputError.
/// Callers check first whether replacing `file` is allowed (check_output_file).
void write_atomically(const std::filesystem::path& file, const std::string& text);

/// Writes scenario.resolved.toml, design.csv (sweeps), runs.csv, indicators.csv (when
/// meta.write_csv), summary.csv and the summary table. `unfinished_status` names runs of
/// the shard that are not in the store.
void write_experiment_files(ExperimentStore& store, const nlohmann::json& meta, const std::filesystem::path& dir,
                            const char* unfinished_status);

}  // namespace nisim::experiment
