#include "emulator/store/database.h"

namespace revento::emulator {

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(sqlite3_db_handle(stmt_));
  sqlite3_reset(stmt_);
  throw StoreError("sqlite: " + message + " in: " + sqlite3_sql(stmt_));
}

int Statement::Run() {
  while (Step()) {
  }
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::TextView(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

namespace {

// SQLite counts every allocation it makes under one process-wide mutex
// unless told not to (SQLITE_CONFIG_MEMSTATUS); the emulator reads no
// process-wide memory statistic (PageCacheBytes is per connection). The
// setting takes effect only before SQLite initializes, so it is made once,
// before the first database opens; later calls would be refused and are not
// made.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  bool memory = path == ":memory:";
  // ":memory:" itself keeps every page in an unbounded page cache that SQLite
  // walks at each commit, so commits slow down as the sandbox grows (7.4k
  // OAuth dances/s after 15 s instead of 12k). The memdb VFS keeps the same
  // private, in-process database as a file image behind an ordinary bounded
  // page cache: commit cost stays flat (docs/PERFORMANCE.md).
  const std::string open_path = memory ? "file:revento-sandbox?vfs=memdb" : path;
  if (memory) flags |= SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(open_path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail("cannot open database " + path + ": " + message);
  }
  std::unique_ptr<Database> out(new Database(db, path));
  if (auto st = out->Exec("PRAGMA foreign_keys = ON"); !st) return portable::unexpected(st.error());
  if (memory) {
    // memdb refuses to grow past 1 GiB by default; the sandbox is bounded by
    // the machine's memory instead.
    sqlite3_int64 limit = sqlite3_int64{1} << 40;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit);
    if (auto st = out->Exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = OFF; "
                            "PRAGMA journal_mode = MEMORY;");
        !st) {
      return portable::unexpected(st.error());
    }
  } else {
    // One emulator owns a data directory: the exclusive lock is taken now
    // and held until the connection closes. It also spares SQLite its
    // per-transaction file locking (docs/PERFORMANCE.md).
    if (auto st = out->Exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA mmap_size = 17179869184; "
                            "PRAGMA synchronous = NORMAL; BEGIN EXCLUSIVE; COMMIT;");
        !st) {
      if (st.error().message.find("locked") != std::string::npos) {
        return Fail(path + " is in use by another process (another revento-emulator with the same --data-dir?); "
                           "stop it or pick another --data-dir");
      }
      return portable::unexpected(st.error());
    }
  }
  sqlite3_busy_timeout(db, 5000);
  return out;
}

Database::~Database() {
  statements_.clear();
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string owned(sql);
  if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return Fail("sqlite: " + message);
  }
  return Ok();
}

Statement& Database::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return *it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    throw StoreError("sqlite: cannot prepare: " + std::string(sqlite3_errmsg(db_)) + " in: " + sql);
  }
  auto [inserted, _] = statements_.emplace(sql, std::make_unique<Statement>(stmt));
  return *inserted->second;
}

Status Database::CreateFunction(const char* name, int args, SqlFunction function) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (sqlite3_create_function(db_, name, args, flags, nullptr, function, nullptr, nullptr) != SQLITE_OK) {
    return Fail("sqlite: cannot create function " + std::string(name) + ": " + sqlite3_errmsg(db_));
  }
  return Ok();
}

int64_t Database::PageCacheBytes() const {
  int current = 0;
  int highwater = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0);
  return current;
}

void Database::OptimizeAndCheckpoint() {
  (void)Exec("PRAGMA optimize");
  if (!IsMemory()) (void)Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

// BEGIN, COMMIT and ROLLBACK run as cached statements: sqlite3_exec would
// compile them again for every transaction.
Transaction::Transaction(Database& db) : db_(db) {
  static const std::string kBegin = "BEGIN IMMEDIATE";
  db_.Prepare(kBegin).Run();
}

Transaction::~Transaction() {
  if (done_) return;
  static const std::string kRollback = "ROLLBACK";
  try {
    db_.Prepare(kRollback).Run();
  } catch (const StoreError&) {
    // SQLite already rolled back (an I/O error ends the transaction).
  }
}

void Transaction::Commit() {
  static const std::string kCommit = "COMMIT";
  db_.Prepare(kCommit).Run();
  done_ = true;
}

}  // namespace revento::emulator
