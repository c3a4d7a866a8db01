#include <nisim/output/sqlite_db.hpp>

#include <unistd.h>

#include <system_error>

namespace nisim::output {

namespace fs = std::filesystem;

namespace {

/// The cause of a failure in plain words, for the codes that are the file's or the
/// environment's fault; nullptr for the others (internal failures).
const char* plain_cause(int code) {
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      return "not an SQLite database (the file is damaged, cut short or not a nisim store)";
    case SQLITE_CORRUPT:
      return "the database file is damaged";
    case SQLITE_READONLY:
      return "cannot be written: the file, its folder or the file system is read-only";
    case SQLITE_CANTOPEN:
      return "cannot be opened: it is missing, or its folder cannot be read or written";
    case SQLITE_FULL:
      return "the disk is full (or the file-size limit is reached); free some space and run the command again";
    case SQLITE_IOERR:
      return "input/output error (is the disk full, removed or failing?)";
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "permission denied";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "locked by another process (is another nisim command writing it?)";
    case SQLITE_PROTOCOL:
      return "file locking failed (a network file system?)";
    case SQLITE_NOLFS:
      return "the file is too large for this file system";
    default:
      return nullptr;
  }
}

/// `file` as an SQLite URI path: characters other than unreserved ones percent-encoded.
std::string uri_path(const fs::path& file) {
  std::string out;
  for (unsigned char c : file.string()) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
        c == '_' || c == '-' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

bool can_write_folder_of(const fs::path& file) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  return ::access(dir.c_str(), W_OK) == 0;
}

}  // namespace

void throw_sqlite_error(const fs::path& file, const char* what, int code, const std::string& detail) {
  if (const char* cause = plain_cause(code))
    throw OutputError(fmt::format("{}: {} (while {}; SQLite: {})", file.string(), cause, what, detail));
  throw std::runtime_error(fmt::format("SQLite error in {} ({}): {}", file.string(), what, detail));
}

SqliteDb::SqliteDb(const fs::path& file, bool create, bool read_only) : file_(file) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
  std::string name = file.string();
  std::error_code ec;
  // A WAL-mode file needs a -shm beside it even to be read; a reader that cannot create
  // one reads the file as immutable. Only when no -wal or -shm exists: then no writer is
  // live and every committed transaction is in the main file, so nothing is missed.
  if (read_only && !can_write_folder_of(file) && !fs::exists(file.string() + "-wal", ec) &&
      !fs::exists(file.string() + "-shm", ec)) {
    flags |= SQLITE_OPEN_URI;
    name = "file:" + uri_path(file) + "?immutable=1";
  }
  const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const int code = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close(db_);
    db_ = nullptr;
    throw_sqlite_error(file, "opening it", code, msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
}

SqliteDb::~SqliteDb() {
  if (!db_) return;
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

void SqliteDb::fail(const char* what) const {
  throw_sqlite_error(file_, what, sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
}

void SqliteDb::exec(const char* sql, const char* what) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw_sqlite_error(file_, what, sqlite3_extended_errcode(db_), msg);
  }
}

void SqliteDb::use_wal() {
  exec("PRAGMA journal_mode=WAL", "switching to the WAL journal");
  exec("PRAGMA synchronous=NORMAL", "setting synchronous=NORMAL");
}

bool SqliteDb::use_rollback_journal() {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA journal_mode=DELETE", -1, &st, nullptr) != SQLITE_OK) fail("journal_mode");
  const int rc = sqlite3_step(st);
  std::string mode;
  if (rc == SQLITE_ROW) mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  const int code = sqlite3_extended_errcode(db_);
  const std::string msg = sqlite3_errmsg(db_);
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW) return mode == "delete";
  // Another connection still reading: the store stays in WAL mode, which is consistent.
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) return false;
  throw_sqlite_error(file_, "switching to the rollback journal", code, msg);
}

}  // namespace nisim::output
