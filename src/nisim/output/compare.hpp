// Differences between run folders: `nisim compare` of single runs (experiment folders:
// compare_experiments.hpp).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace nisim::output {

/// The indicators of one run folder: value per indicator and year.
/// Where a side of a comparison comes from: its folder, its label and the nisim version
/// that wrote it.
struct Origin {
  std::filesystem::path dir;
  std::string label, version;
};

/// The labels compare prints for `origins` (the folder path added where two labels are
/// the same, e.g. two --set variants of one scenario and seed). Throws
/// std::invalid_argument if they were written by different nisim versions.
std::vector<std::string> comparable_labels(const std::vector<Origin>& origins);

struct FolderData {
  std::filesystem::path dir;
  std::string label;            ///< scenario name and seed, or the folder name
  std::string version;          ///< nisim_version from manifest.json
  std::vector<std::string> indicators;  ///< sorted unique names
  /// values[indicator][year] (map for sparse years)
  std::vector<std::pair<std::string, std::vector<std::pair<int, double>>>> series;
};

/// Reads indicators.csv and manifest.json of a run folder. Throws std::invalid_argument
/// naming the folder and the missing or malformed file; for a damaged indicators.csv (a
/// value that is not a finite number, a year that is not whole, the same indicator and
/// year twice, rows of several runs) it names the file and the line.
FolderData read_run_folder(const std::filesystem::path& dir);

/// One row of the comparison table.
struct Difference {
  std::string indicator;
  int year = 0;
  std::string reference, other;  ///< labels
  double reference_value = 0, other_value = 0;
  double difference = 0;          ///< other - reference
  double relative = 0;            ///< difference / |reference| (0 when both are 0; inf if only reference is 0)
};

/// Compares every folder after the first with the first, on the indicators and years they
/// share. Throws std::invalid_argument if the folders come from different nisim versions
/// or share no indicator.
std::vector<Difference> compare_folders(const std::vector<FolderData>& folders);

/// Writes the table as tidy CSV: indicator,year,reference,other,reference_value,
/// other_value,difference,relative_difference.
void write_differences_csv(const std::filesystem::path& file, const std::vector<Difference>& rows);

/// A readable summary: for each compared folder, the `top` indicators with the largest
/// relative difference in the last shared year (per-area indicators, with a dot in their
/// name, are left out of the summary but kept in the table).
std::string summarise_differences(const std::vector<Difference>& rows, std::size_t top = 12);

}  // namespace nisim::output
