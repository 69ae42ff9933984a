// What request handlers share: the store, the sandbox clock, the id source,
// the log, the options, the fixtures the sandbox resets to and the domain
// events listener (domain_events.h). Built once, complete, by Emulator (the
// composition root) and outlives the server; nothing is wired in later.
// Thread safety: members are thread-safe as their own headers say; the
// database must be used under its lock.
#pragma once

#include <string>

#include "emulator/clock.h"
#include "emulator/domain_events.h"
#include "emulator/fixtures/fixtures.h"
#include "emulator/ids.h"
#include "emulator/log.h"
#include "emulator/options.h"
#include "emulator/store/database.h"

namespace revento::emulator {

struct Services {
  Database& db;
  SandboxClock& clock;
  IdSource& ids;
  Log& log;
  const Options& options;
  const Fixtures& fixtures;
  // Raised inside the transaction of every change (webhooks/ listens).
  DomainEvents& events;
  // http://localhost:<port> unless --public-url says otherwise; set once the
  // port is bound, before serving.
  std::string public_url;

  std::string ApiBase() const { return public_url + "/api/v1"; }
};

}  // namespace revento::emulator
