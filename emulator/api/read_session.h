// One Read API request's hold on the database.
//
// A request reads the token, then the resource. ReadSession takes the
// database lock once for both and, on a file database (--data-dir), wraps
// them in one read transaction, so that SQLite takes and drops its file
// locks once per request instead of once per statement (each costs
// syscalls; docs/api.md "Performance"). Release() ends the transaction and
// the lock; the destructor does it if the request did not.
//
// Thread safety: one request's object, used by its thread only.
#pragma once

#include <mutex>

#include "emulator/store/database.h"

namespace revento::emulator::api {

class ReadSession {
 public:
  explicit ReadSession(Database& db);
  ReadSession(const ReadSession&) = delete;
  ReadSession& operator=(const ReadSession&) = delete;
  ~ReadSession() { Release(); }

  Database& db() { return db_; }
  // Ends the read transaction and unlocks; safe to call twice.
  void Release();

 private:
  Database& db_;
  std::unique_lock<std::mutex> lock_;
  bool in_transaction_ = false;
};

}  // namespace revento::emulator::api
