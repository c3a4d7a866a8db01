// `nisim compare DIR_A DIR_B [...] --out DIR`: differences per indicator and year.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <nisim/output/compare.hpp>
#include <nisim/output/run_folder.hpp>
#include <nisim/version.hpp>

#include "cli.hpp"

namespace nisim::cli {

Verb add_compare(CLI::App& app) {
  struct Options {
    std::vector<std::string> dirs;
    std::string out;
    bool force = false;
    std::size_t top = 12;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("compare", "Compare run folders: differences of every indicator and year against the first");
  sub->add_option("folders", o->dirs, "Run folders; the first is the reference")->required()->expected(2, -1);
  sub->add_option("--out", o->out, "Output folder for differences.csv and manifest.json")->required();
  sub->add_option("--top", o->top, "Indicators shown per comparison in the summary");
  sub->add_flag("--force", o->force, "Replace an existing output folder");
  return {sub, [o]() -> int {
    std::vector<output::FolderData> data;
    try {
      namespace fs = std::filesystem;
      const auto out = fs::weakly_canonical(fs::absolute(o->out));
      for (const auto& d : o->dirs) {
        const auto in = fs::weakly_canonical(fs::absolute(d));
        const auto inside = [](const fs::path& a, const fs::path& b) {  // a is b or inside b
          auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
          return bi == b.end();
        };
        if (inside(out, in) || inside(in, out))
          throw UsageError("--out " + o->out + " would overwrite or contain the run folder " + d);
        data.push_back(output::read_run_folder(d));
      }
      output::RunFolder folder(o->out, o->force);
      const auto rows = output::compare_folders(data);
      output::write_differences_csv(folder.staging() / "differences.csv", rows);
      nlohmann::json m;
      m["nisim_version"] = kVersion;
      m["git_commit"] = kGitCommit;
      m["verb"] = "compare";
      m["reference"] = o->dirs.front();
      m["folders"] = o->dirs;
      m["rows"] = rows.size();
      m["finished_utc"] = output::utc_now_iso8601();
      output::write_text(folder.staging() / "manifest.json", m.dump(2) + "\n");
      folder.commit();
      std::cout << output::summarise_differences(rows, o->top) << "output: " << folder.target().string() << "\n";
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    return kExitOk;
  }};
}

}  // namespace nisim::cli
