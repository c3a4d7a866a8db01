#include <nisim/experiment/outputs.hpp>

#include <cstdio>
#include <iterator>
#include <map>
#include <system_error>

#include <fmt/format.h>

#include <nisim/engine/csv.hpp>
#include <nisim/experiment/summary.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/version.hpp>

namespace nisim::experiment {

namespace fs = std::filesystem;
using engine::csv_escape;

namespace {

/// Streams text to a temporary file beside `file` (an unpredictable name created with
/// O_EXCL|O_NOFOLLOW, so no planted link is written through), fsynced and renamed into
/// place by close(), after which the folder is fsynced too. Destroyed without close(), it
/// removes the temporary file and leaves `file` as it was.
class AtomicFile {
 public:
  explicit AtomicFile(fs::path file) : file_(std::move(file)) {
    // Renaming onto a folder, link, device or FIFO would replace that node itself.
    output::check_output_file(file_, /*overwrite=*/true);
    fd_ = output::create_unique_file(file_.parent_path(), file_.filename().string() + output::kTempInfix, tmp_);
  }
  ~AtomicFile() {
    if (fd_) {
      fd_ = output::Fd();
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }
  void put(const std::string& s) {
    buf_ += s;
    flush_if_full();
  }
  /// Formats straight into the buffer (the hot path of indicators.csv).
  template <class... Args>
  void put_format(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(buf_), f, std::forward<Args>(args)...);
    flush_if_full();
  }
  void close() {
    flush();
    output::sync_fd(fd_.get(), tmp_);
    fd_.close(tmp_);
    std::error_code ec;
    output::check_output_file(file_, /*overwrite=*/true);  // still a regular file (or absent)?
    fs::rename(tmp_, file_, ec);
    if (ec) {
      fs::remove(tmp_, ec);
      throw output::OutputError(fmt::format("cannot rename {} to {}: {}", tmp_.string(), file_.string(), ec.message()));
    }
    output::sync_dir(file_.parent_path().empty() ? fs::path(".") : file_.parent_path());
  }

 private:
  void flush_if_full() {
    if (buf_.size() > (1u << 20)) flush();
  }
  void flush() {
    output::write_all(fd_.get(), buf_.data(), buf_.size(), tmp_);
    buf_.clear();
  }
  fs::path file_, tmp_;
  output::Fd fd_;
  std::string buf_;
};

std::string stats_cells(const Stats& s) {
  return fmt::format("{},{},{},{},{},{},{},{}", s.n, s.mean, s.sd, s.q[0], s.q[1], s.q[2], s.q[3], s.q[4]);
}

/// The finished runs of the store by run index.
std::map<std::size_t, RunRecord> finished_by_index(ExperimentStore& store) {
  std::map<std::size_t, RunRecord> done;
  for (auto& r : store.runs()) done.emplace(r.index, std::move(r));
  return done;
}

}  // namespace

Shard meta_shard(const nlohmann::json& meta) {
  Shard s;
  s.k = meta.at("shard").at("k").get<int>();
  s.count = meta.at("shard").at("count").get<int>();
  return s;
}

void write_atomically(const fs::path& file, const std::string& text) {
  AtomicFile f(file);
  f.put(text);
  f.close();
}

nlohmann::json experiment_manifest(ExperimentStore& store, const nlohmann::json& meta, const ManifestRuntime& rt,
                                   const char* unfinished_status) {
  const ExperimentPlan plan = plan_from_json(meta.at("plan"));
  const Shard shard = meta_shard(meta);
  const auto done = finished_by_index(store);
  nlohmann::json runs = nlohmann::json::array();
  std::size_t ok = 0, failed = 0, other = 0;
  for (std::size_t i = 0; i < plan.total_runs(); ++i) {
    if (!shard.contains(i)) continue;
    const RunSpec spec = plan.run(i);
    nlohmann::json j = {{"run", plan.run_id(i)},         {"index", i},
                        {"point", spec.point},           {"replication", spec.replication},
                        {"seed", spec.seed},             {"parameters", plan.parameters(spec)}};
    if (auto it = done.find(i); it != done.end()) {
      j["status"] = it->second.status;
      if (!it->second.error.empty()) j["error"] = it->second.error;
      for (const char* k : {"wall_seconds", "agent_ticks"})
        if (it->second.manifest.contains(k)) j[k] = it->second.manifest[k];
      (it->second.status == "ok" ? ok : failed)++;
    } else {
      j["status"] = unfinished_status;
      ++other;
    }
    runs.push_back(std::move(j));
  }
  const auto& sc = meta.at("scenario");
  nlohmann::json m;
  m["nisim_version"] = kVersion;
  m["git_commit"] = kGitCommit;
  m["command_line"] = rt.command_line;
  m["verb"] = plan.verb;
  m["fingerprint"] = meta.at("fingerprint");
  m["scenario"] = {{"name", sc.at("name")}, {"file", sc.at("file")}, {"sha256", sc.at("sha256")}};
  m["base_seed"] = plan.base_seed;
  m["design"] = {{"kind", plan.verb == "ensemble" ? "ensemble" : design_kind_name(plan.design.kind)},
                 {"points", plan.points()},
                 {"params", params_json(plan.design.params)}};
  if (plan.design.kind == DesignKind::Morris) m["design"]["levels"] = plan.design.levels;
  m["replications"] = plan.replications;
  m["shard"] = {{"k", shard.k}, {"count", shard.count}};
  m["processes"] = rt.processes;
  m["jobs"] = rt.jobs;
  m["threads_per_run"] = rt.threads;
  m["started_utc"] = rt.started_utc;
  m["finished_utc"] = rt.finished_utc;
  m["wall_seconds"] = rt.wall_seconds;
  m["peak_rss_bytes"] = rt.peak_rss_bytes;
  m["status"] = rt.status;
  m["counts"] = {{"runs", runs.size()}, {"ok", ok}, {"failed", failed}, {unfinished_status, other}};
  m["runs"] = std::move(runs);
  return m;
}

void write_experiment_files(ExperimentStore& store, const nlohmann::json& meta, const fs::path& dir,
                            const char* unfinished_status) {
  const ExperimentPlan plan = plan_from_json(meta.at("plan"));
  const Shard shard = meta_shard(meta);
  const bool sweep = plan.verb == "sweep";
  write_atomically(dir / "scenario.resolved.toml", meta.at("scenario").at("resolved_toml").get<std::string>());

  std::string param_header;
  for (const auto& p : plan.design.params) {
    param_header += ',';
    param_header += csv_escape(p.name);
  }
  auto param_cells = [&](int point) {
    std::string s;
    for (double v : plan.design.points[static_cast<std::size_t>(point)]) s += fmt::format(",{}", v);
    return s;
  };

  if (sweep) {
    AtomicFile f(dir / "design.csv");
    f.put("point,group,role" + param_header + "\n");
    for (std::size_t i = 0; i < plan.points(); ++i)
      f.put(fmt::format("{},{},{}{}\n", i, plan.design.group[i], csv_escape(plan.design.role[i]),
                        param_cells(static_cast<int>(i))));
    f.close();
  }

  {
    const auto done = finished_by_index(store);
    AtomicFile f(dir / "runs.csv");
    f.put("run,point,replication,seed,status,error" + param_header + "\n");
    for (std::size_t i = 0; i < plan.total_runs(); ++i) {
      if (!shard.contains(i)) continue;
      const RunSpec spec = plan.run(i);
      const auto it = done.find(i);
      const std::string status = it != done.end() ? it->second.status : unfinished_status;
      const std::string error = it != done.end() ? it->second.error : "";
      f.put(fmt::format("{},{},{},{},{},{}{}\n", plan.run_id(i), spec.point, spec.replication, spec.seed, status,
                        csv_escape(error), param_cells(spec.point)));
    }
    f.close();
  }

  if (meta.value("write_csv", true)) {
    AtomicFile f(dir / "indicators.csv");
    f.put("run,scenario,seed,year,indicator,value\n");
    store.for_each_row([&](const std::string& run, const std::string& scenario, std::int64_t seed, int year,
                           const std::string& ind, double v) {
      f.put_format("{},{},{},{},{},{}\n", csv_escape(run), csv_escape(scenario), static_cast<std::uint64_t>(seed),
                   year, csv_escape(ind), v);
    });
    f.close();
  }

  {
    AtomicFile f(dir / "summary.csv");
    f.put(std::string(sweep ? "point," : "") + "indicator,year,n,mean,sd,q05,q25,q50,q75,q95\n");
    store.write_summary([&](const auto& add) {
      auto group = [&](int point) {
        store.for_each_group(point, [&](const std::string& ind, int year, std::vector<double>& values) {
          const Stats s = summarise(values);
          add(point < 0 ? 0 : point, ind, year, s);
          f.put(fmt::format("{}{},{},{}\n", sweep ? fmt::format("{},", point) : "", csv_escape(ind), year,
                            stats_cells(s)));
        });
      };
      if (!sweep) group(-1);
      else
        for (std::size_t p = 0; p < plan.points(); ++p) group(static_cast<int>(p));
    });
    f.close();
  }
}

}  // namespace nisim::experiment
