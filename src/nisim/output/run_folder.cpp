// RunFolder: a run's output folder, written beside its target and renamed into place.
#include <nisim/output/run_folder.hpp>

#include <unistd.h>

#include <system_error>

#include <fmt/format.h>

namespace nisim::output {

namespace fs = std::filesystem;

namespace {

/// `<target><suffix>-<pid>` in the same parent directory as `target`.
fs::path sibling(const fs::path& target, const char* suffix) {
  return target.parent_path() /
         fmt::format("{}{}-{}", target.filename().string(), suffix, static_cast<long>(::getpid()));
}

[[noreturn]] void fail(const std::string& what, const fs::path& path, const std::error_code& ec) {
  throw OutputError(fmt::format("{} {}: {}", what, path.string(), ec.message()));
}

/// True if `dir` is a directory with no entries.
bool is_empty_dir(const fs::path& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) fail("cannot read output folder", dir, ec);
  return it == fs::directory_iterator();
}

}  // namespace

RunFolder::RunFolder(fs::path target, bool overwrite) : overwrite_(overwrite) {
  std::error_code ec;
  target = target.lexically_normal();
  // "out/" names the folder "out": drop the empty last component.
  if (!target.empty() && !target.has_filename()) target = target.parent_path();
  if (target.empty() || target == "." || target == ".." || target.filename() == "..")
    throw OutputError(fmt::format("invalid output folder '{}'", target.string()));
  if (target.is_relative()) {
    fs::path abs = fs::absolute(target, ec);
    if (ec) fail("cannot resolve output folder", target, ec);
    target = abs.lexically_normal();
  }
  target_ = target;
  staging_ = sibling(target_, ".tmp");

  const fs::file_status st = fs::symlink_status(target_, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) fail("cannot inspect output folder", target_, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      // A regular file (or a link, socket...) is never replaced, not even with --force:
      // it is most likely a mistyped path and deleting it would lose data. A symbolic link
      // is refused too, since renaming onto it would replace the link, not its target.
      throw OutputError(fmt::format("output folder {} exists and is not a directory{}",
                                    target_.string(),
                                    fs::is_symlink(st) ? " (it is a symbolic link)" : ""));
    }
    if (!overwrite_ && !is_empty_dir(target_)) {
      throw OutputError(fmt::format(
          "output folder {} exists and is not empty (use --force to replace it)", target_.string()));
    }
  }

  fs::create_directories(target_.parent_path(), ec);
  if (ec) fail("cannot create parent of output folder", target_.parent_path(), ec);
  // A staging folder of the same name is left over from a killed process that had our pid.
  fs::remove_all(staging_, ec);
  if (ec) fail("cannot remove stale staging folder", staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) fail("cannot create staging folder", staging_, ec);
}

RunFolder::~RunFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);  // best effort; never throws
}

void RunFolder::commit() {
  if (committed_) throw OutputError(fmt::format("output folder {} already committed", target_.string()));
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(target_, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) fail("cannot inspect output folder", target_, ec);

  fs::path aside;  // the previous target, moved out of the way
  if (fs::exists(st)) {
    if (!fs::is_directory(st))
      throw OutputError(
          fmt::format("output folder {} exists and is not a directory", target_.string()));
    if (is_empty_dir(target_)) {
      fs::remove(target_, ec);  // rename() would also replace it; removing is explicit
      if (ec) fail("cannot replace empty output folder", target_, ec);
    } else if (!overwrite_) {
      throw OutputError(fmt::format(
          "output folder {} exists and is not empty (use --force to replace it)", target_.string()));
    } else {
      aside = sibling(target_, ".old");
      fs::remove_all(aside, ec);
      if (ec) fail("cannot remove stale folder", aside, ec);
      fs::rename(target_, aside, ec);
      if (ec) fail("cannot move aside existing output folder", target_, ec);
    }
  }

  fs::rename(staging_, target_, ec);
  if (ec) {
    if (!aside.empty()) {
      std::error_code restore;
      fs::rename(aside, target_, restore);  // put the old folder back
    }
    throw OutputError(fmt::format("cannot rename {} to {}: {}", staging_.string(), target_.string(),
                                  ec.message()));
  }
  committed_ = true;
  if (!aside.empty()) {
    fs::remove_all(aside, ec);
    if (ec) fail("published the new output folder but cannot remove the old one at", aside, ec);
  }
}

}  // namespace nisim::output
