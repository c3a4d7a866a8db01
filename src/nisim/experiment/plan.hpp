// The plan of an experiment: which runs it is made of (design point x replication),
// the seed and the parameter values of each, and how runs are split into shards.
//
// Run numbering: run index i = point * replications + replication (0-based); its id is
// the 1-based index zero-padded to at least 4 digits ("0001"). An ensemble is a plan with
// one design point and no parameters, whose replications are its runs.
//
// Seeds: replication r of every design point gets seed derive_seed(base_seed, r). Design
// points therefore share their random numbers (common random numbers): the difference
// between two points is the effect of their parameters, not of different noise.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nisim/experiment/design.hpp>

namespace nisim::experiment {

/// Seed of replication `replication` of an experiment with base seed `base_seed`: 63 bits
/// (a scenario seed is a signed 64-bit TOML integer) of Philox keyed by (base_seed, replication), so seeds of nearby replications are
/// unrelated and the mapping is the same on every platform.
std::uint64_t derive_seed(std::uint64_t base_seed, std::uint64_t replication);

/// `--shard k/K`: this process runs the runs whose index i has i mod K == k - 1.
struct Shard {
  int k = 1;      ///< 1-based shard number
  int count = 1;  ///< K, number of shards
  bool contains(std::size_t run_index) const {
    return static_cast<int>(run_index % static_cast<std::size_t>(count)) == k - 1;
  }
  bool whole() const { return count == 1; }
};

/// Parses "k/K" (1 <= k <= K); throws std::invalid_argument with a message naming the flag.
Shard parse_shard(const std::string& text);

/// Parses "--param NAME=LO:HI[:log]" into a range. NAME may be "params.NAME". Throws
/// std::invalid_argument saying what was expected.
ParamRange parse_param_range(const std::string& text);

/// One run of the plan.
struct RunSpec {
  std::size_t index = 0;  ///< 0-based run index
  int point = 0;          ///< design point (0-based)
  int replication = 0;    ///< replication of that point (0-based)
  std::uint64_t seed = 0;
};

struct ExperimentPlan {
  std::string verb;              ///< "ensemble" or "sweep"
  Design design;                 ///< ensemble: one point, no parameters
  int replications = 1;          ///< runs per design point
  std::uint64_t base_seed = 1;

  std::size_t points() const { return design.points.size(); }
  std::size_t total_runs() const { return points() * static_cast<std::size_t>(replications); }
  RunSpec run(std::size_t index) const;
  /// "0001"-style id of run `index`.
  std::string run_id(std::size_t index) const;
  /// The `--set` overrides of a run: "NAME=VALUE" for each design parameter (VALUE printed
  /// so that it reads back to the same double) and "run.seed=SEED".
  std::vector<std::string> overrides(const RunSpec& r) const;
  /// Parameter values of a run as a JSON object {name: value}.
  nlohmann::json parameters(const RunSpec& r) const;

  /// Everything that defines the runs, as JSON (design with every point, replications,
  /// base seed); plan_from_json reads it back.
  nlohmann::json to_json() const;
};

ExperimentPlan plan_from_json(const nlohmann::json& j);

/// The ranges as a JSON array of {name, lo, hi, log, integer} (in plans and manifests).
nlohmann::json params_json(const std::vector<ParamRange>& params);

/// Most runs in one experiment (design points x replications): 1,000,000. Larger
/// requests are refused before anything is allocated; split them into several
/// experiments or shards of a smaller design.
inline constexpr std::size_t kMaxExperimentRuns = 1'000'000;

/// An ensemble of `runs` replications, 1 <= runs <= kMaxExperimentRuns (otherwise
/// std::invalid_argument naming --runs).
ExperimentPlan ensemble_plan(int runs, std::uint64_t base_seed);

/// A sweep over `design` with `replications` runs per point; at most kMaxExperimentRuns
/// runs in all (otherwise std::invalid_argument).
ExperimentPlan sweep_plan(Design design, int replications, std::uint64_t base_seed);

/// Fingerprint of an experiment: sha256 of the plan and of the resolved base scenario.
/// Two folders with the same fingerprint hold runs of the same experiment (resume and
/// merge check it).
std::string fingerprint(const ExperimentPlan& plan, const std::string& scenario_sha256);

}  // namespace nisim::experiment
