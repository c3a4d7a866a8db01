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

bool is_empty_dir(const fs::path& d) {
  std::error_code ec;
  return fs::is_directory(d, ec) && fs::directory_iterator(d, ec) == fs::directory_iterator();
}

/// Makes `dir` ready: new (created), replaced (--force) or continued (--resume, same
/// experiment). Returns true when it continues an existing experiment.
bool prepare_folder(const fs::path& dir, const nlohmann::json& meta, const ExperimentOptions& o) {
  std::error_code ec;
  const auto st = fs::symlink_status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw OutputError(fmt::format("output folder {} exists and is not a directory", dir.string()));
  if (fs::exists(st) && !is_empty_dir(dir)) {
    if (o.resume && fs::exists(dir / kStoreFile)) {
      ExperimentStore store(dir / kStoreFile, ExperimentStore::Mode::ReadOnly);
      const auto old = store.meta();
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
      // A process killed while it rewrote an output file leaves its temporary copy.
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) fs::remove_all(e.path(), ec);
      return true;
    }
    if (o.resume)
      throw OutputError(fmt::format("{} is not empty and holds no {}: nothing to resume", dir.string(), kStoreFile));
    if (!o.force)
      throw OutputError(fmt::format(
          "output folder {} exists and is not empty (use --resume to continue it or --force to replace it)",
          dir.string()));
    fs::remove_all(dir, ec);
    if (ec) throw OutputError(fmt::format("cannot remove {}: {}", dir.string(), ec.message()));
  }
  fs::create_directories(dir, ec);
  if (ec) throw OutputError(fmt::format("cannot create output folder {}: {}", dir.string(), ec.message()));
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
  out.dir = fs::absolute(o.out).lexically_normal();
  const nlohmann::json meta = make_meta(setup, o.shard);
  const bool resumed = prepare_folder(out.dir, meta, o);
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
  if (mpi.distributed()) run_distributed(mpi, setup.base, setup.plan, todo, threads, sink);
  else run_local(setup.base, setup.plan, todo, jobs, threads, sink);

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
  std::vector<nlohmann::json> metas;
  for (const auto& in : inputs) metas.push_back(read_experiment_meta(in));
  const auto target = fs::absolute(out_dir).lexically_normal();
  for (const auto& in : inputs) {
    const auto a = fs::absolute(in).lexically_normal();
    if (a == target || std::mismatch(a.begin(), a.end(), target.begin(), target.end()).first == a.end())
      throw OutputError(fmt::format("merge: --out {} is, or is inside, input folder {}", target.string(), a.string()));
  }
  for (std::size_t i = 1; i < metas.size(); ++i)
    if (metas[i].at("fingerprint") != metas[0].at("fingerprint"))
      throw OutputError(fmt::format("merge: {} and {} hold different experiments (fingerprints {} and {})",
                                    inputs[0].string(), inputs[i].string(),
                                    metas[0].at("fingerprint").get<std::string>(),
                                    metas[i].at("fingerprint").get<std::string>()));

  output::RunFolder folder(target, force);
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
