// The validation experiments of the briefs' findings (MODEL.md section 7, issue 10):
// each finding is a set of arms (the baseline plus policy blocks, run with common seeds),
// the effects it compares (log ratios of an indicator between two arms) and the claims it
// makes about them. `evaluate` runs the central experiment (many seeds) and a Latin
// hypercube over the judgement parameters the finding involves (their documented ranges),
// and reports each claim's effect with a confidence interval and the share of the range
// in which it keeps its sign. `nisim findings` prints the results and writes
// docs/validation.md; tests/validation/findings_test.cpp asserts them at reduced size.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nisim/experiment/design.hpp>

namespace nisim::experiment {

/// One arm: a reference scenario plus `toml` (appended [[policy]]/[[shock]] blocks).
struct FindingArm {
  std::string name;                      ///< e.g. "reference", "consortium"
  std::string toml;                      ///< appended to the scenario `base`; may be ""
  std::vector<std::string> novel_areas;      ///< area ids flagged novel in this arm
  std::vector<std::string> emulation_areas;  ///< area ids flagged emulation (others as in tech_areas.csv)
  std::string base = "baseline.toml";    ///< the scenario it extends, in FindingSizes::scenarios_dir
};

/// How an arm's measure becomes the effect: the log ratio of the sums of an indicator, or
/// the log odds ratio of its mean over the years (for indicators in (0, 1) such as an
/// area's capability ratio, where a log ratio would shrink near 1).
enum class EffectScale { LogRatio, LogOdds };

/// One effect: `indicator` over the years [from, to] in arm `treated` against arm
/// `reference`, per seed (common random numbers).
struct FindingEffect {
  std::string name;       ///< e.g. "gap2"
  std::string indicator;  ///< e.g. "gap2_conversion.high_end_chips"
  int from = 0, to = 0;   ///< years, inclusive
  std::string treated, reference;  ///< arm names
  EffectScale scale = EffectScale::LogRatio;
};

/// One claim: the sum of the `plus` effects minus the `minus` effects; the brief's
/// hypothesis is that it has sign `hypothesis_sign` (+1 or -1).
struct FindingClaim {
  std::string text;                ///< the hypothesis in words
  std::vector<std::string> plus;   ///< effect names
  std::vector<std::string> minus;  ///< effect names
  int hypothesis_sign = 1;
};

/// One finding of the briefs, as an experiment.
struct Finding {
  std::string id;          ///< e.g. "consortia_gaps"
  std::string title;
  std::string source;      ///< where the hypothesis comes from (brief, section)
  std::string mechanism;   ///< how the model produces (or does not produce) the result
  int until = 2020;        ///< last simulated year of every run
  std::vector<FindingArm> arms;
  std::vector<FindingEffect> effects;
  std::vector<FindingClaim> claims;
  /// The judgement parameters it involves (`params.NAME` keys) over their documented
  /// ranges (the `source` column of data/parameters.csv), for the Latin hypercube.
  std::vector<ParamRange> params;
  std::string params_note;  ///< where the ranges come from
};

/// The six experiments: the four findings of MODEL.md section 7, stable funding and full
/// decoupling. Ids: consortia_gaps, mission_shift, decoupling_highly_cited,
/// emulation_vs_novel, stable_funding, full_decoupling.
const std::vector<Finding>& findings();

/// The finding with id `id`; throws std::invalid_argument listing the ids.
const Finding& finding(const std::string& id);

/// How large the experiment is.
struct FindingSizes {
  int seeds = 32;        ///< seeds of the central experiment (1..seeds)
  int points = 24;       ///< Latin hypercube points over the finding's parameters (>= 2)
  int point_seeds = 4;   ///< seeds per point (1..point_seeds, common to all points)
  double scale = 0.01;
  int threads = 2;       ///< runs in parallel (each run is single-threaded)
  std::uint64_t design_seed = 1;
  std::string scenarios_dir = "scenarios";  ///< where the arms' base scenarios are
};

/// An estimate over seeds: the mean of the per-seed values, its 95% t interval and the
/// paired t statistic (mean / standard error).
struct Estimate {
  double mean = 0, lo = 0, hi = 0, t = 0;
  int n = 0;
};

struct ClaimResult {
  std::string text;
  int hypothesis_sign = 1;
  Estimate central;              ///< the claim's value (log units) in the central experiment
  std::vector<double> at_point;  ///< its value at each design point (mean over point_seeds)
  double keeps_sign = 0;         ///< share of the points with the sign of the central mean
  double agrees = 0;             ///< share of the points with the hypothesis's sign
  /// Per parameter, the correlation of the claim's value with the parameter's position in
  /// its range over the points (which parameter moves the result).
  std::vector<double> correlation;
  /// The model reproduces the hypothesis: the central interval excludes 0 on its side.
  bool reproduced() const { return hypothesis_sign > 0 ? central.lo > 0 : central.hi < 0; }
  /// The model contradicts it: the central interval excludes 0 on the other side.
  bool contradicted() const { return hypothesis_sign > 0 ? central.hi < 0 : central.lo > 0; }
};

struct EffectResult {
  std::string name;
  Estimate central;  ///< log units; exp(mean) - 1 is the relative effect
};

struct FindingResult {
  const Finding* finding = nullptr;
  FindingSizes sizes;
  Design design;                      ///< the Latin hypercube
  std::vector<EffectResult> effects;  ///< central experiment
  std::vector<ClaimResult> claims;
  double wall_seconds = 0;
  std::size_t runs = 0;
};

/// Runs the finding: every arm for seeds 1..sizes.seeds at the defaults, then every arm at
/// every design point for seeds 1..sizes.point_seeds. Deterministic: the same finding and
/// sizes give the same result whatever sizes.threads. Throws scenario::ScenarioError if an
/// arm does not load and std::invalid_argument for bad sizes.
FindingResult evaluate(const Finding& f, const FindingSizes& sizes);

/// The 95% two-sided t interval of the mean of `v` (n >= 2; n = 1 gives a zero-width
/// interval and t = 0).
Estimate estimate(const std::vector<double>& v);

/// docs/validation.md: every result, its mechanism, effect, interval and robustness.
std::string validation_markdown(const std::vector<FindingResult>& results, const std::string& command);

}  // namespace nisim::experiment
