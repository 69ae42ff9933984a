// A SQLite connection with prepared statements, owned by one object.
//
// The emulator keeps all of its state in one SQLite database: in memory by
// default (hermetic, fast), or in DIR/sandbox.db in WAL mode when a data
// directory is given, so that it survives restarts. There is one connection;
// every unit of work takes the database lock (Database::Lock), which makes a
// sequence of statements atomic with respect to other requests. Use
// Transaction for a multi-statement write that must also be atomic on disk.
//
// Statements are prepared once and cached (Database::Prepare); a cached
// statement is reset and its bindings cleared each time it is handed out.
//
// Errors: Open and Exec return a Status naming the SQLite error. Statement
// step errors throw StoreError: they mean a broken invariant (schema, disk
// full), which the HTTP layer turns into a logged 500 without losing state.
//
// Thread safety: a Database may be shared between threads; every call other
// than Lock() must be made while holding the lock Lock() returned.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "emulator/status.h"

namespace revento::emulator {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Bindings are 1-based, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::optional<std::string>& value);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& BindNull(int index);

  // Advances to the next row; false when done. Throws StoreError on error.
  bool Step();
  // Runs a statement that returns no rows; returns sqlite3_changes().
  int Run();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  // The column's bytes, valid until the next Step or Reset.
  std::string_view TextView(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;
  bool IsNull(int column) const;

  void Reset();

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // ":memory:" or a file path. Applies pragmas (WAL for files, foreign keys).
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();

  std::unique_lock<std::mutex> Lock() { return std::unique_lock(mutex_); }

  // Runs one or more statements with no results.
  Status Exec(std::string_view sql);
  // A cached, reset statement for `sql`. The reference stays valid for the
  // life of the Database; use it only while holding the lock.
  Statement& Prepare(const std::string& sql);

  // Registers a deterministic SQL function taking `args` arguments on this
  // connection, for use in the schema (generated columns: schema.h).
  using SqlFunction = void (*)(sqlite3_context*, int, sqlite3_value**);
  Status CreateFunction(const char* name, int args, SqlFunction function);

  // Before closing: refreshes the query planner's statistics and, for a
  // file, folds the WAL back into the database file. Best effort.
  void OptimizeAndCheckpoint();

  int64_t LastInsertRowId() const;
  // Bytes the connection's page cache holds (SQLITE_DBSTATUS_CACHE_USED).
  // Bounded for every database: the in-memory one keeps its pages in a
  // memdb image, not in the cache.
  int64_t PageCacheBytes() const;
  bool IsMemory() const { return path_ == ":memory:"; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// Begins on construction; rolls back on destruction unless Commit() ran.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace revento::emulator
