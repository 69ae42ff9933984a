// One Read API request's hold on the database.
//
// A request reads its token, then its resource, in one hold of the database
// lock (read_api.h): db() takes the lock if the session does not hold it,
// and the pipeline's first db() call (the token lookup) is the one that
// does; Release() drops it, and the handler calls it as soon as its read is
// done, before building the response. Between the two reads only checks
// without I/O run (rate limit, binding, scope, the handler's parameters);
// the request's own checks (Accept, path, query names) and hashing the token
// run before the hold, so that concurrent requests wait only for each
// other's SQLite work and hand the lock over once per request
// (docs/PERFORMANCE.md). Each statement is its own read transaction.
//
// Thread safety: one request's object, used by its thread only.
#pragma once

#include <mutex>

#include "emulator/store/database.h"

namespace revento::emulator::api {

class ReadSession {
 public:
  explicit ReadSession(Database& db) : db_(db) {}
  ReadSession(const ReadSession&) = delete;
  ReadSession& operator=(const ReadSession&) = delete;

  // The database, locked until Release() (or the session's end).
  Database& db() {
    if (!lock_.owns_lock()) lock_ = db_.Lock();
    return db_;
  }
  // Unlocks; safe to call when not holding the lock.
  void Release() {
    if (lock_.owns_lock()) lock_.unlock();
  }

 private:
  Database& db_;
  std::unique_lock<std::mutex> lock_;
};

}  // namespace revento::emulator::api
