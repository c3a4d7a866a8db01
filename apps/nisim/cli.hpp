// The command-line program: parses arguments and dispatches to the verbs.
// Exit codes: 0 success, 2 bad input (scenario, flags, output folder), 1 internal failure
// (a broken invariant or an unexpected error), 3 an experiment that finished with some
// failed (or, after a merge, missing) runs. Data goes to files; logs and progress to
// stderr; short summaries to stdout.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <nisim/scenario/scenario.hpp>

namespace nisim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitRunsFailed = 3;

/// Raised for bad command-line input detected after parsing (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Loads a scenario with `--set` overrides and the --seed, --scale and --until flags
/// applied (and checked, each reported under its flag's name), and checks its targets.
scenario::Scenario load_with_run_flags(const std::string& file, std::vector<std::string> sets,
                                       const std::optional<std::int64_t>& seed, const std::optional<double>& scale,
                                       const std::optional<int>& until);

/// `requested` threads (or jobs) as used: 0 stays 0 (all cores); more than the cores
/// oneTBB can use is capped to them, with a note on stderr naming `flag`. Negative is a
/// UsageError.
int capped_to_cores(int requested, const char* flag);

/// Refuses (UsageError) a run whose estimated memory (policy::estimated_run_bytes) is
/// over 90% of this machine's memory; the flags say whether scale and end year came
/// from --scale and --until, so that the message names what the user typed.
void check_fits_in_memory(const scenario::Scenario& sc, bool scale_flag, bool until_flag);

/// Each verb registers its subcommand and returns it with the function that runs it.
using Runner = std::function<int()>;
using Verb = std::pair<CLI::App*, Runner>;
Verb add_run(CLI::App& app, const std::string& command_line);
Verb add_validate(CLI::App& app);
Verb add_params(CLI::App& app);
Verb add_instruments(CLI::App& app);
Verb add_compare(CLI::App& app);
Verb add_ensemble(CLI::App& app, const std::string& command_line);
Verb add_sweep(CLI::App& app, const std::string& command_line);
Verb add_sensitivity(CLI::App& app);
Verb add_merge(CLI::App& app, const std::string& command_line);
Verb add_findings(CLI::App& app, const std::string& command_line);

}  // namespace nisim::cli
