#include <nisim/experiment/experiment.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include <nisim/engine/parallel.hpp>
#include <nisim/experiment/outputs.hpp>
#include <nisim/experiment/store.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/version.hpp>

namespace nisim::experiment {

namespace fs = std::filesystem;
using output::OutputError;

namespace {

constexpr const char* kStoreFile = "results.sqlite";

nlohmann::json make_meta(const ExperimentSetup& s, const Shard& shard) {
  return {{"format", kMetaFormat},
          {"nisim_version", kVersion},
          {"fingerprint", fingerprint(s.plan, s.base.sha256)},
          {"plan", s.plan.to_json()},
          {"scenario",
           {{"name", s.base.name},
            {"file", s.base.file.string()},
            {"sha256", s.base.sha256},
            {"resolved_toml", s.base.resolved_toml}}},
          {"shard", {{"k", shard.k}, {"count", shard.count}}},
          {"write_csv", s.base.outputs.csv}};
}

/// True if `dir` holds the store of a nisim experiment (its meta says so), whether or not
/// manifest.json was written yet (a process killed right after creating the store).
bool holds_experiment_store(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(dir / kStoreFile, ec))) return false;
  try {
    ExperimentStore store(dir / kStoreFile, ExperimentStore::Mode::ReadOnly);
    const auto meta = store.meta();
    return meta && meta->value("format", "") == kMetaFormat;
  } catch (const std::exception&) {
    return false;  // not SQLite, or not ours
  }
}

/// Empties `dir` except its lock file, which this process holds: the lock must survive
/// (another process waiting for the folder must keep seeing it held).
void remove_contents(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename() != output::kLockFile) entries.push_back(it->path());
  if (ec) throw OutputError(fmt::format("cannot read {}: {}", dir.string(), ec.message()));
  for (const auto& e : entries) {
    fs::remove_all(e, ec);  // does not follow links: a link is removed, not its target
    if (ec) throw OutputError(fmt::format("cannot remove {}: {}", e.string(), ec.message()));
  }
}

/// True if `dir` holds only the lock file and temporaries of a nisim process that died:
/// a process killed while it created the store leaves just `results.sqlite.tmp-...`.
bool only_leftovers(const fs::path& dir) {
  std::error_code ec;
  bool any = false;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == output::kLockFile) continue;
    if (!output::is_temp_name(name)) return false;
    any = true;
  }
  return any && !ec;
}

/// Makes `dir` ready: new (created), replaced (--force) or continued (--resume, same
/// experiment), and takes its lock (held in `lock` for the whole experiment). Returns
/// true when it continues an existing experiment. A folder nisim did not write is never
/// touched, and nothing is created in it.
bool prepare_folder(const fs::path& dir, const nlohmann::json& meta, const ExperimentOptions& o,
                    output::FolderLock& lock) {
  using output::PathKind;
  auto refuse_foreign = [&] {
    throw OutputError(fmt::format(
        "output folder {} exists and is not empty, and nisim did not write it (no nisim manifest.json or {}): "
        "{}; choose another --out, or empty or remove the folder yourself",
        dir.string(), kStoreFile,
        o.resume ? "there is nothing to resume" : "--force replaces only folders written by nisim"));
  };
  PathKind kind = output::inspect_path(dir);
  if (kind == PathKind::RegularFile || kind == PathKind::Other)
    throw OutputError(fmt::format("output folder {} exists and is not a directory{}; nisim never replaces it",
                                  dir.string(), kind == PathKind::Other ? " (a link, device, FIFO or socket)" : ""));
  if (kind == PathKind::OtherDir && !holds_experiment_store(dir) && !only_leftovers(dir)) refuse_foreign();
  if (kind == PathKind::Missing) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError(fmt::format("cannot create output folder {}: {}", dir.string(), ec.message()));
  }
  lock = output::FolderLock::acquire(dir, "experiment folder");
  // Look again under the lock: another process may have changed the folder meanwhile.
  // Under the lock no live process owns a temporary, so leftovers of a killed one go.
  if (only_leftovers(dir)) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir))
      if (output::is_temp_name(e.path().filename().string())) fs::remove_all(e.path(), ec);
  }
  kind = output::inspect_path(dir);
  if (kind == PathKind::EmptyDir) return false;
  const bool store = holds_experiment_store(dir);
  if (kind == PathKind::OtherDir && !store) refuse_foreign();
  if (o.resume && fs::exists(dir / kStoreFile)) {
    ExperimentStore st(dir / kStoreFile, ExperimentStore::Mode::ReadOnly);
    const auto old = st.meta();
    if (!old || old->value("format", "") != kMetaFormat)
      throw OutputError(fmt::format("{} is not a nisim experiment folder; cannot resume it", dir.string()));
    if (old->at("fingerprint") != meta.at("fingerprint"))
      throw OutputError(fmt::format(
          "{} holds a different experiment (fingerprint {}, this command's is {}): the scenario, "
          "design, replications or seed differ; use another --out, or --force to replace it",
          dir.string(), old->at("fingerprint").get<std::string>(), meta.at("fingerprint").get<std::string>()));
    if (old->at("shard") != meta.at("shard"))
      throw OutputError(fmt::format("{} holds shard {}/{} of this experiment, not {}/{}", dir.string(),
                                    old->at("shard").at("k").get<int>(), old->at("shard").at("count").get<int>(),
                                    meta.at("shard").at("k").get<int>(), meta.at("shard").at("count").get<int>()));
    // A process killed while it rewrote an output file leaves its temporary copy; under
    // the lock no live process can own one.
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir))
      if (output::is_temp_name(e.path().filename().string())) fs::remove_all(e.path(), ec);
    return true;
  }
  if (o.resume)
    throw OutputError(fmt::format("{} is not empty and holds no {}: nothing to resume", dir.string(), kStoreFile));
  if (!o.force)
    throw OutputError(fmt::format(
        "output folder {} exists and is not empty (use --resume to continue it or --force to replace it)",
        dir.string()));
  remove_contents(dir);  // a nisim folder (run, compare or experiment): --force replaces it
  return false;
}

}  // namespace

nlohmann::json read_experiment_meta(const fs::path& dir) {
  if (!fs::exists(dir / kStoreFile))
    throw OutputError(fmt::format("{} is not an experiment folder (no {})", dir.string(), kStoreFile));
  ExperimentStore store(dir / kStoreFile, ExperimentStore::Mode::ReadOnly);
  auto meta = store.meta();
  if (!meta || meta->value("format", "") != kMetaFormat)
    throw OutputError(fmt::format("{} is not a nisim experiment folder", dir.string()));
  return *meta;
}

ExperimentOutcome run_experiment(const ExperimentSetup& setup, const ExperimentOptions& o, MpiSession& mpi) {
  const int cores = std::max(1, engine::current_threads());  // oneTBB's view: affinity masks included
  const int host_procs = std::max(1, mpi.local_size());
  // Under MPI every process runs one run at a time; a process owns its share of the cores.
  const int jobs = mpi.distributed() ? 1 : (o.jobs > 0 ? o.jobs : std::max(1, cores / host_procs));
  const int threads = o.threads > 0 ? o.threads : std::max(1, cores / (jobs * host_procs));
  if (mpi.rank() > 0) {
    serve_runs(mpi, setup.base, setup.plan, threads);
    return {};
  }

  const auto t0 = std::chrono::steady_clock::now();
  ExperimentOutcome out;
  out.dir = output::resolve_path(o.out);
  const nlohmann::json meta = make_meta(setup, o.shard);
  // Replacing the folder must not delete the scenario file this command reads.
  if (!o.resume && !setup.base.file.empty()) output::check_output_disjoint(o.out, {setup.base.file}, "scenario file");
  output::FolderLock lock;  // held until the experiment ends (or the process dies)
  const bool resumed = prepare_folder(out.dir, meta, o, lock);
  ExperimentStore store(out.dir / kStoreFile, ExperimentStore::Mode::Create);
  if (!resumed) store.set_meta(meta);

  std::set<std::size_t> finished;
  for (const auto& r : store.runs()) {
    finished.insert(r.index);
    (r.status == "ok" ? out.ok : out.failed)++;
  }
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < setup.plan.total_runs(); ++i) {
    if (!o.shard.contains(i)) continue;
    ++out.planned;
    if (!finished.count(i)) todo.push_back(i);
  }
  out.resumed = out.planned - todo.size();

  ManifestRuntime rt;
  rt.command_line = setup.command_line;
  rt.started_utc = output::utc_now_iso8601();
  rt.processes = mpi.size();
  rt.jobs = jobs;
  rt.threads = threads;
  rt.status = "running";
  auto write_manifest = [&] {
    rt.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rt.peak_rss_bytes = output::peak_rss_bytes();
    write_atomically(out.dir / "manifest.json", experiment_manifest(store, meta, rt, "pending").dump(2) + "\n");
  };
  write_manifest();

  output::Progress progress(o.progress, fmt::format("{} {}", setup.plan.verb, setup.base.name),
                            static_cast<long>(out.planned), "runs");
  progress.update(static_cast<long>(out.ok + out.failed), static_cast<long>(out.failed));
  auto last_manifest = std::chrono::steady_clock::now();
  const ResultSink sink = [&](RunResult&& r) {
    const RunSpec spec = setup.plan.run(r.index);
    RunRecord rec;
    rec.index = r.index;
    rec.id = setup.plan.run_id(r.index);
    rec.point = spec.point;
    rec.replication = spec.replication;
    rec.seed = spec.seed;
    rec.scenario = setup.base.name;
    rec.status = r.ok ? "ok" : "failed";
    rec.error = r.error;
    rec.parameters = setup.plan.parameters(spec);
    rec.manifest = {{"wall_seconds", r.wall_seconds},
                    {"agent_ticks", r.agent_ticks},
                    {"finished_utc", output::utc_now_iso8601()}};
    store.commit(rec, r.rows);
    (r.ok ? out.ok : out.failed)++;
    progress.update(static_cast<long>(out.ok + out.failed), static_cast<long>(out.failed));
    // The manifest is rebuilt from the store; every few seconds is enough to follow a
    // long experiment without making a large one quadratic.
    if (std::chrono::steady_clock::now() - last_manifest > std::chrono::seconds(5)) {
      write_manifest();
      last_manifest = std::chrono::steady_clock::now();
    }
  };
  try {
    if (mpi.distributed()) run_distributed(mpi, setup.base, setup.plan, todo, threads, sink);
    else run_local(setup.base, setup.plan, todo, jobs, threads, sink);
  } catch (const output::Interrupted&) {
    // SIGINT/SIGTERM: what is committed stays; the manifest says where it stopped, and
    // --resume continues from there (the caller prints the command).
    rt.status = "interrupted";
    write_manifest();
    progress.finish("interrupted");
    throw;
  }

  write_experiment_files(store, meta, out.dir, "pending");
  store.checkpoint();
  rt.status = out.failed ? "failed-runs" : "complete";
  rt.finished_utc = output::utc_now_iso8601();
  write_manifest();
  progress.finish(out.failed ? "failed-runs" : "ok");
  return out;
}

ExperimentOutcome merge_experiments(const std::vector<fs::path>& inputs, const fs::path& out_dir, bool force,
                                    const std::string& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  if (inputs.empty()) throw OutputError("merge: no input folders");
  // --out may be none of the inputs, nor inside one, nor contain one (--force would
  // delete it): checked on resolved paths before anything else.
  output::check_output_disjoint(out_dir, inputs, "input folder");
  // An input that an experiment is still writing is not merged (its runs are not all
  // there yet); the shared locks also keep one from starting while it is read.
  std::vector<nlohmann::json> metas;
  for (const auto& in : inputs) metas.push_back(read_experiment_meta(in));
  std::vector<output::FolderLock> input_locks;
  for (const auto& in : inputs) input_locks.push_back(output::FolderLock::check_free(in, "input folder"));
  for (std::size_t i = 1; i < metas.size(); ++i)
    if (metas[i].at("fingerprint") != metas[0].at("fingerprint"))
      throw OutputError(fmt::format("merge: {} and {} hold different experiments (fingerprints {} and {})",
                                    inputs[0].string(), inputs[i].string(),
                                    metas[0].at("fingerprint").get<std::string>(),
                                    metas[i].at("fingerprint").get<std::string>()));

  output::RunFolder folder(out_dir, force);
  const fs::path target = folder.target();
  nlohmann::json meta = metas[0];
  meta["shard"] = {{"k", 1}, {"count", 1}};
  ExperimentOutcome out;
  out.dir = target;
  {
    ExperimentStore store(folder.staging() / kStoreFile, ExperimentStore::Mode::Create);
    store.set_meta(meta);
    std::map<std::size_t, std::pair<std::string, std::string>> seen;  // index -> (status, input)
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      ExperimentStore in(inputs[i] / kStoreFile, ExperimentStore::Mode::ReadOnly);
      in.for_each_run([&](const RunRecord& r, const std::vector<output::IndicatorRow>& rows) {
        if (auto it = seen.find(r.index); it != seen.end()) {
          if (it->second.first != r.status)
            throw OutputError(fmt::format("merge: run {} is '{}' in {} but '{}' in {}", r.id, it->second.first,
                                          it->second.second, r.status, inputs[i].string()));
          return;  // the same run twice (overlapping folders): runs are deterministic
        }
        seen.emplace(r.index, std::make_pair(r.status, inputs[i].string()));
        store.commit(r, rows);
        (r.status == "ok" ? out.ok : out.failed)++;
      });
    }
    const ExperimentPlan plan = plan_from_json(meta.at("plan"));
    out.planned = plan.total_runs();
    out.missing = out.planned - seen.size();
    write_experiment_files(store, meta, folder.staging(), "missing");
    ManifestRuntime rt;
    rt.command_line = command_line;
    rt.started_utc = output::utc_now_iso8601();
    rt.finished_utc = rt.started_utc;
    rt.status = out.missing ? "incomplete" : (out.failed ? "failed-runs" : "complete");
    rt.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rt.peak_rss_bytes = output::peak_rss_bytes();
    write_atomically(folder.staging() / "manifest.json",
                     experiment_manifest(store, meta, rt, "missing").dump(2) + "\n");
    store.checkpoint();
  }
  folder.commit();
  return out;
}

}  // namespace nisim::experiment
