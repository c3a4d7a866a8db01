// Test scaffolding: damage an SQLite store from outside nisim, with a plain connection.
#pragma once
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace nisim::test_support {

/// Runs `sql` on `file` with a plain connection, as damage from outside nisim would.
inline void tamper(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << msg;
}

}  // namespace nisim::test_support
