#include <nisim/experiment/plan.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include <nisim/engine/rng.hpp>
#include <nisim/output/run_folder.hpp>

namespace nisim::experiment {

namespace {

// Stream keys of experiment-level draws; population 0xE5 ("experiment") keeps them apart
// from every model population.
constexpr std::uint32_t kExperimentPopulation = 0xE5;
constexpr std::uint32_t kPurposeSeed = 1;

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && std::isfinite(out);
}

bool parse_int(const std::string& s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::uint64_t derive_seed(std::uint64_t base_seed, std::uint64_t replication) {
  engine::CounterRng rng({base_seed, kExperimentPopulation, kPurposeSeed,
                          static_cast<std::uint32_t>(replication),
                          static_cast<std::uint32_t>(replication >> 32)});
  const std::uint64_t hi = rng.next_u32();
  // 63 bits: a scenario's seed is a TOML integer (signed 64-bit) and must read back.
  return ((hi << 32) | rng.next_u32()) & 0x7FFF'FFFF'FFFF'FFFFull;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_int(text.substr(0, slash), s.k) ||
      !parse_int(text.substr(slash + 1), s.count) || s.count < 1 || s.k < 1 || s.k > s.count)
    throw std::invalid_argument(
        fmt::format("--shard: expected k/K with 1 <= k <= K (for example 2/4), found '{}'", text));
  return s;
}

ParamRange parse_param_range(const std::string& text) {
  const std::string expected = "expected NAME=LO:HI or NAME=LO:HI:log (for example project_funding_share=0.3:0.8)";
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(fmt::format("--param '{}': {}", text, expected));
  ParamRange p;
  p.name = text.substr(0, eq);
  if (p.name.rfind("params.", 0) == 0) p.name = p.name.substr(7);
  std::vector<std::string> parts;
  std::string rest = text.substr(eq + 1);
  for (std::size_t start = 0;;) {
    const auto colon = rest.find(':', start);
    parts.push_back(rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3 || !parse_double(parts[0], p.lo) || !parse_double(parts[1], p.hi) ||
      (parts.size() == 3 && parts[2] != "log"))
    throw std::invalid_argument(fmt::format("--param '{}': {}", text, expected));
  p.log = parts.size() == 3;
  if (!(p.lo < p.hi))
    throw std::invalid_argument(fmt::format("--param '{}': LO must be below HI", text));
  if (p.log && !(p.lo > 0))
    throw std::invalid_argument(fmt::format("--param '{}': a log range needs LO > 0", text));
  return p;
}

RunSpec ExperimentPlan::run(std::size_t index) const {
  if (index >= total_runs())
    throw std::out_of_range(fmt::format("run index {} outside the plan ({} runs)", index, total_runs()));
  RunSpec r;
  r.index = index;
  r.point = static_cast<int>(index / static_cast<std::size_t>(replications));
  r.replication = static_cast<int>(index % static_cast<std::size_t>(replications));
  r.seed = derive_seed(base_seed, static_cast<std::uint64_t>(r.replication));
  return r;
}

std::string ExperimentPlan::run_id(std::size_t index) const {
  const int width = std::max<int>(4, static_cast<int>(std::to_string(total_runs()).size()));
  return fmt::format("{:0{}}", index + 1, width);
}

std::vector<std::string> ExperimentPlan::overrides(const RunSpec& r) const {
  std::vector<std::string> out;
  const auto& values = design.points.at(static_cast<std::size_t>(r.point));
  for (std::size_t j = 0; j < design.params.size(); ++j)
    out.push_back(fmt::format("{}={}", design.params[j].name, values[j]));  // shortest round trip
  out.push_back(fmt::format("run.seed={}", r.seed));
  return out;
}

nlohmann::json ExperimentPlan::parameters(const RunSpec& r) const {
  nlohmann::json j = nlohmann::json::object();
  const auto& values = design.points.at(static_cast<std::size_t>(r.point));
  for (std::size_t j2 = 0; j2 < design.params.size(); ++j2) j[design.params[j2].name] = values[j2];
  return j;
}

nlohmann::json params_json(const std::vector<ParamRange>& params) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : params)
    out.push_back({{"name", p.name}, {"lo", p.lo}, {"hi", p.hi}, {"log", p.log}, {"integer", p.integer}});
  return out;
}

nlohmann::json ExperimentPlan::to_json() const {
  return {{"verb", verb},
          {"design", {{"kind", design_kind_name(design.kind)},
                      {"params", params_json(design.params)},
                      {"levels", design.levels},
                      {"points", design.points},
                      {"group", design.group},
                      {"role", design.role}}},
          {"replications", replications},
          {"base_seed", base_seed}};
}

ExperimentPlan plan_from_json(const nlohmann::json& j) {
  ExperimentPlan p;
  p.verb = j.at("verb").get<std::string>();
  const auto& d = j.at("design");
  p.design.kind = parse_design_kind(d.at("kind").get<std::string>());
  for (const auto& q : d.at("params"))
    p.design.params.push_back({q.at("name").get<std::string>(), q.at("lo").get<double>(),
                               q.at("hi").get<double>(), q.at("log").get<bool>(), q.at("integer").get<bool>()});
  p.design.levels = d.at("levels").get<int>();
  p.design.points = d.at("points").get<std::vector<std::vector<double>>>();
  p.design.group = d.at("group").get<std::vector<int>>();
  p.design.role = d.at("role").get<std::vector<std::string>>();
  p.replications = j.at("replications").get<int>();
  p.base_seed = j.at("base_seed").get<std::uint64_t>();
  return p;
}

ExperimentPlan ensemble_plan(int runs, std::uint64_t base_seed) {
  if (runs < 1 || std::size_t(runs) > kMaxExperimentRuns)
    throw std::invalid_argument(
        fmt::format("--runs: expected a number of runs between 1 and {}, found {}", kMaxExperimentRuns, runs));
  ExperimentPlan p;
  p.verb = "ensemble";
  p.design.kind = DesignKind::File;
  p.design.points = {{}};
  p.design.group = {0};
  p.design.role = {""};
  p.replications = runs;
  p.base_seed = base_seed;
  return p;
}

ExperimentPlan sweep_plan(Design design, int replications, std::uint64_t base_seed) {
  if (replications < 1)
    throw std::invalid_argument(fmt::format("--replications: expected at least 1, found {}", replications));
  if (design.points.empty()) throw std::invalid_argument("the design has no points");
  if (design.points.size() * std::size_t(replications) > kMaxExperimentRuns)
    throw std::invalid_argument(fmt::format("{} design points x {} replications = {} runs exceed the limit of {} runs "
                                            "in one experiment",
                                            design.points.size(), replications,
                                            design.points.size() * std::size_t(replications), kMaxExperimentRuns));
  ExperimentPlan p;
  p.verb = "sweep";
  p.design = std::move(design);
  if (p.design.group.size() != p.design.points.size()) p.design.group.assign(p.design.points.size(), 0);
  if (p.design.role.size() != p.design.points.size()) p.design.role.assign(p.design.points.size(), "");
  p.replications = replications;
  p.base_seed = base_seed;
  return p;
}

std::string fingerprint(const ExperimentPlan& plan, const std::string& scenario_sha256) {
  nlohmann::json j = {{"plan", plan.to_json()}, {"scenario_sha256", scenario_sha256}};
  return output::sha256_hex(j.dump());
}

}  // namespace nisim::experiment
