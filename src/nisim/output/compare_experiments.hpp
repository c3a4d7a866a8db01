// `nisim compare` of experiment folders: for each indicator and year, the paired
// difference of two experiments over their replications with common seeds.
//
// What is paired: run r of the reference and run r' of the other experiment form a pair
// when they have the same seed and both finished ok. Ensembles made with the same --seed
// (base seed) share their seeds replication by replication, so replication i of one is
// paired with replication i of the other (common random numbers: the difference is the
// effect of the scenario, not of different noise). Runs without a partner (a failed run
// on either side, extra replications of the larger ensemble, runs missing from a shard or
// an unfinished experiment) are left out and counted.
//
// Accepted: ensemble folders and sweep folders of ONE design point (their replications
// are seeded like an ensemble's). Refused (std::invalid_argument, a user error): a sweep
// of several design points (compare needs replications of one scenario: make one
// ensemble per scenario), two experiments whose planned seeds have nothing in common
// (different --seed), fewer than 2 pairs (no standard error), different nisim versions.
// A damaged store throws output::OutputError naming it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nisim::output {

/// What a folder given to `compare` is.
enum class FolderKind {
  Run,         ///< a `nisim run` folder (manifest.json without "verb")
  Experiment   ///< an `ensemble` or `sweep` folder (manifest.json "verb": ensemble or sweep)
};

/// The kind of `dir`, from its manifest.json. Throws std::invalid_argument naming the
/// folder if it is missing, has no or an invalid manifest.json, or is another verb's
/// output (a compare folder).
FolderKind folder_kind(const std::filesystem::path& dir);

/// One row of differences.csv for experiments: means over the n pairs.
struct PairedDifference {
  std::string indicator;
  int year = 0;
  std::string reference, other;  ///< labels
  std::size_t n = 0;             ///< pairs (runs of common seed, ok on both sides) with this indicator and year
  double reference_mean = 0;     ///< mean of the reference's runs of the pairs
  double other_mean = 0;         ///< mean of the other's runs of the pairs
  double difference = 0;         ///< mean of (other - reference) over the pairs
  double se = 0;                 ///< standard error of `difference`: sd of the paired differences (n - 1) / sqrt(n)
  double ci_low = 0, ci_high = 0;  ///< 95% interval: difference -/+ t(0.975, n - 1) se (Student t)
  double relative = 0;           ///< difference / |reference_mean| (0 when both are 0; inf if only the reference is 0)
};

/// How the runs of one comparison were paired.
struct Pairing {
  std::string reference, other;        ///< labels
  std::size_t pairs = 0;               ///< seeds finished ok on both sides
  std::size_t reference_unpaired = 0;  ///< ok runs of the reference without a partner
  std::size_t other_unpaired = 0;      ///< ok runs of the other without a partner
};

struct ExperimentComparison {
  std::vector<PairedDifference> rows;  ///< per other folder, indicator (byte order), year
  std::vector<Pairing> pairing;        ///< one per folder after the first
};

/// Compares every experiment folder after the first with the first, on the indicators
/// and years they share (groups with fewer than 2 pairs are left out). Throws as the
/// header comment says.
ExperimentComparison compare_experiments(const std::vector<std::filesystem::path>& dirs);

/// Writes differences.csv: indicator,year,reference,other,n,reference_mean,other_mean,
/// difference,se,ci95_low,ci95_high,relative_difference.
void write_paired_csv(const std::filesystem::path& file, const std::vector<PairedDifference>& rows);

/// A readable summary: for each compared folder, how many pairs, and the `top`
/// indicators with the largest relative difference in the last shared year with its 95%
/// interval (per-area indicators, with a dot in their name, are left out of the summary).
std::string summarise_paired(const ExperimentComparison& c, std::size_t top = 12);

}  // namespace nisim::output
