#include "emulator/api/read_session.h"

namespace revento::emulator::api {

ReadSession::ReadSession(Database& db) : db_(db), lock_(db.Lock()) {
  if (db_.IsMemory()) return;
  static const std::string kBegin = "BEGIN";
  db_.Prepare(kBegin).Run();
  in_transaction_ = true;
}

void ReadSession::Release() {
  if (!lock_.owns_lock()) return;
  if (in_transaction_) {
    in_transaction_ = false;
    if (!db_.Exec("COMMIT")) (void)db_.Exec("ROLLBACK");
  }
  lock_.unlock();
}

}  // namespace revento::emulator::api
