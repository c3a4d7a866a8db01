// RunFolder: a run's output folder, written beside its target, flushed, and renamed into
// place (see run_folder.hpp for the rules and guarantees).
#include <nisim/output/run_folder.hpp>

#include <unistd.h>

#include <system_error>

#include <fmt/format.h>

namespace nisim::output {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, const std::error_code& ec) {
  throw OutputError(fmt::format("{} {}: {}", what, path.string(), ec.message()));
}

/// The target as given, made absolute with its parents' `..` and links resolved. The last
/// component is kept as it is: resolving it would write through a link named as --out.
fs::path resolve_target(fs::path target) {
  // "out/" names the folder "out": drop the empty last component.
  while (!target.empty() && !target.has_filename() && target.has_relative_path()) target = target.parent_path();
  const fs::path name = target.filename();
  // `.` and `..` name some other folder (the current one, a parent): `--out o/x/..` once
  // replaced o. Such a name is refused rather than guessed at.
  if (target.empty() || name.empty() || name == "." || name == "..")
    throw OutputError(fmt::format("invalid output folder '{}': name the folder itself (its last component cannot be "
                                  "'.' or '..')",
                                  target.string()));
  return resolve_path(target.has_parent_path() ? target.parent_path() : fs::path(".")) / name;
}

/// Refuses a target that must not be replaced (see the class comment).
void check_target(const fs::path& target, PathKind kind, bool overwrite) {
  switch (kind) {
    case PathKind::Missing:
    case PathKind::EmptyDir:
      return;
    case PathKind::NisimDir:
      if (overwrite) return;
      throw OutputError(fmt::format("output folder {} exists and is not empty (use --force to replace it)",
                                    target.string()));
    case PathKind::OtherDir:
      throw OutputError(fmt::format(
          "output folder {} exists and is not empty, and nisim did not write it (no nisim manifest.json): --force "
          "replaces only folders written by nisim; choose another --out, or empty or remove the folder yourself",
          target.string()));
    case PathKind::RegularFile:
    case PathKind::Other:
      // A file is most likely a mistyped path, and renaming onto a link, device or FIFO
      // would replace the link or node itself: never, not even with --force.
      throw OutputError(fmt::format("output folder {} exists and is not a directory{}; nisim never replaces it",
                                    target.string(), kind == PathKind::Other ? " (a link, device, FIFO or socket)" : ""));
  }
}

/// Refuses if another process holds the lock of the existing folder `dir` (a running
/// experiment, or a RunFolder of the same target); the returned lock keeps it so.
FolderLock lock_existing(const fs::path& dir) {
  FolderLock lock;
  pid_t holder = 0;
  if (!FolderLock::try_exclusive(dir, lock, holder))
    throw OutputError(fmt::format(
        "output folder {} is in use by another nisim process (PID {}); wait for it to end, or stop it, and run "
        "the command again",
        dir.string(), holder > 0 ? std::to_string(holder) : std::string("unknown")));
  return lock;
}

/// Looks at the staging folders of other processes for the same target: a live one
/// (its lock is held) means two processes write one target, which is refused; one whose
/// owner died is removed. A staging folder whose lock file is missing or still empty is
/// being set up by its owner and left alone.
void handle_sibling_staging(const fs::path& target) {
  const std::string prefix = target.filename().string() + kTempInfix;
  std::error_code ec;
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !is_temp_name(name)) continue;
    std::error_code st_ec;
    if (!fs::is_directory(it->symlink_status(st_ec))) continue;
    FolderLock lock;
    pid_t holder = 0;
    if (!FolderLock::try_exclusive(it->path(), lock, holder)) {
      if (holder > 0)
        throw OutputError(fmt::format(
            "output folder {} is being written by another nisim process (PID {}, staging folder {}); wait for it "
            "to end or stop it",
            target.string(), static_cast<long>(holder), it->path().string()));
      continue;
    }
    if (lock.held() && lock.recorded_pid() > 0) {
      std::error_code rm_ec;
      fs::remove_all(it->path(), rm_ec);  // best effort: its owner is gone
    }
  }
}

}  // namespace

RunFolder::RunFolder(fs::path target, bool overwrite) : overwrite_(overwrite) {
  target_ = resolve_target(std::move(target));
  check_target(target_, inspect_path(target_), overwrite_);

  std::error_code ec;
  fs::create_directories(target_.parent_path(), ec);
  if (ec) fail("cannot create parent of output folder", target_.parent_path(), ec);
  handle_sibling_staging(target_);
  staging_ = make_unique_dir(target_.parent_path(), target_.filename().string() + kTempInfix);
  try {
    lock_ = FolderLock::acquire(staging_, "staging folder");
  } catch (...) {
    fs::remove_all(staging_, ec);
    throw;
  }
}

RunFolder::~RunFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);  // best effort; never throws. The lock goes after it.
}

void RunFolder::commit() {
  if (committed_) throw OutputError(fmt::format("output folder {} already committed", target_.string()));
  std::error_code ec;
  // The lock file is ours, not part of the results. Unlinking it keeps the lock (it is
  // on the open file), and a staging folder without a lock file is left alone by others.
  fs::remove(staging_ / kLockFile, ec);
  if (ec) fail("cannot remove", staging_ / kLockFile, ec);
  // Data first, then the folder's entries, then the rename: after a crash the target is
  // either the complete old folder or the complete new one.
  sync_tree(staging_);

  const PathKind kind = inspect_path(target_);
  if (kind == PathKind::NisimDir && !overwrite_)
    throw OutputError(fmt::format("output folder {} was created while the run was going, and is not empty; nothing "
                                  "was replaced (use --force to replace it)",
                                  target_.string()));
  check_target(target_, kind, overwrite_);
  // Held until the end of commit: nobody starts an experiment in the old folder meanwhile.
  FolderLock old_lock;
  if (kind != PathKind::Missing) old_lock = lock_existing(target_);

  bool exchanged = false;
  if (kind == PathKind::EmptyDir) {
    fs::remove(target_ / kLockFile, ec);  // an empty folder with a free lock file
    fs::remove(target_, ec);  // fails if something arrived meanwhile: then nothing is lost
    if (ec) fail("cannot replace empty output folder", target_, ec);
  } else if (kind == PathKind::NisimDir) {
    // One atomic swap: the target never stops naming a complete folder. The old one is
    // then at staging_ and is removed.
    exchanged = rename_exchange(staging_, target_, ec);
    if (!exchanged) {
      // No RENAME_EXCHANGE on this file system: move the old folder aside (a fresh name,
      // never replacing anything), publish, and put it back if publishing fails.
      const fs::path aside = make_unique_dir(target_.parent_path(), target_.filename().string() + ".old" + kTempInfix);
      fs::remove(aside, ec);
      if (!rename_no_replace(target_, aside, ec)) fail("cannot move aside existing output folder", target_, ec);
      if (!rename_no_replace(staging_, target_, ec)) {
        std::error_code restore;
        rename_no_replace(aside, target_, restore);
        fail(fmt::format("cannot rename {} to", staging_.string()), target_, ec);
      }
      staging_ = aside;  // what is left to remove
      exchanged = true;
    }
  }
  if (!exchanged && !rename_no_replace(staging_, target_, ec)) {
    if (ec == std::errc::file_exists || ec == std::errc::directory_not_empty)
      throw OutputError(fmt::format(
          "output folder {} was created while the run was going; nothing was replaced", target_.string()));
    fail(fmt::format("cannot rename {} to", staging_.string()), target_, ec);
  }
  committed_ = true;
  sync_dir(target_.parent_path());  // makes the rename itself durable
  if (exchanged) {
    fs::remove_all(staging_, ec);
    if (ec) fail("published the new output folder but cannot remove the old one at", staging_, ec);
  }
}

}  // namespace nisim::output
