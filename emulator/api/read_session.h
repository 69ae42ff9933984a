// One Read API request's holds on the database.
//
// A request reads its token, then its resource: two short holds of the
// database lock, one statement each. db() takes the lock if the session
// does not hold it; Release() drops it. Everything between the reads that
// needs no database (hashing the token, checking the request, decoding a
// cursor, building the response) runs without the lock, so that concurrent
// requests wait only for each other's SQLite work (docs/PERFORMANCE.md).
// A single statement is its own read transaction, so each read sees a
// consistent state without BEGIN/COMMIT.
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
