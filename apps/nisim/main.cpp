// nisim: a thin layer over the library. Each verb lives in its own file.
#include <fmt/format.h>

#include <csignal>

#include <iostream>

#include <nisim/engine/invariants.hpp>
#include <nisim/engine/text.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/output/safe_fs.hpp>
#include <nisim/scenario/scenario.hpp>
#include <nisim/version.hpp>

#include "cli.hpp"

int main(int argc, char** argv) {
  using namespace nisim::cli;
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"nisim: an agent-based simulator of a national innovation system (China, 2010 onward)"};
  app.set_version_flag("--version", fmt::format("nisim {} ({})", nisim::kVersion, nisim::kGitCommit));
  app.require_subcommand(1);
  std::vector<Verb> verbs = {add_run(app, command_line), add_validate(app), add_params(app),
                             add_instruments(app), add_compare(app), add_ensemble(app, command_line),
                             add_sweep(app, command_line), add_sensitivity(app), add_merge(app, command_line),
                             add_findings(app, command_line)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // As every other bad input: "error: ..." on one line, then where to find help.
    std::cerr << "error: " << nisim::engine::printable(e.what()) << "\nRun with --help for more information.\n";
    return kExitBadInput;
  }
  try {
    for (auto& [sub, runner] : verbs)
      if (sub->parsed()) return runner();
    return kExitBadInput;
  } catch (const nisim::output::Interrupted& e) {
    // SIGINT/SIGTERM: the verb has cleaned up (and said how to continue); exit as the
    // shell reports a process ended by the signal, 128 + its number (130, 143).
    std::cerr << "interrupted by " << (e.signal == SIGINT ? "SIGINT" : e.signal == SIGTERM ? "SIGTERM" : "a signal")
              << "\n";
    return 128 + e.signal;
  } catch (const nisim::scenario::ScenarioError& e) {
    std::cerr << "error: " << nisim::engine::printable(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const nisim::output::OutputError& e) {
    std::cerr << "error: " << nisim::engine::printable(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const UsageError& e) {
    std::cerr << "error: " << nisim::engine::printable(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const nisim::engine::InvariantError& e) {
    std::cerr << "internal failure: " << nisim::engine::printable(e.what(), true) << "\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "internal failure: " << nisim::engine::printable(e.what(), true) << "\n";
    return kExitInternal;
  }
}
