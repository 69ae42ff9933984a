// What request handlers share: the store, the sandbox clock, the id source,
// the log, the options and the fixtures the sandbox resets to. Built once by
// Emulator (the composition root) and outlives the server.
// Thread safety: members are thread-safe as their own headers say; the
// database must be used under its lock.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "emulator/clock.h"
#include "emulator/fixtures/fixtures.h"
#include "emulator/ids.h"
#include "emulator/log.h"
#include "emulator/options.h"
#include "emulator/store/database.h"

namespace revento::emulator {

namespace webhooks {
class Dispatcher;
}  // namespace webhooks

struct Services {
  Database& db;
  SandboxClock& clock;
  IdSource& ids;
  Log& log;
  const Options& options;
  const Fixtures& fixtures;
  // http://localhost:<port> unless --public-url says otherwise; set once the
  // port is bound, before serving.
  std::string public_url;
  // Run (under no lock) after the state has been reset to the fixtures.
  std::vector<std::function<void()>> after_reset;
  // Called by OAuth (under no lock, after commit) whenever an installation's
  // token family is revoked (code reuse, refresh reuse, /oauth/revoke, a
  // sandbox action); the webhooks area uses it to send installation.revoked.
  // `reason` is the same text /_sandbox/installations shows.
  std::function<void(const std::string& installation_id, const std::string& reason)> on_installation_revoked;
  // The webhook dispatcher (set by Emulator before serving): organizer
  // actions Wake() it after committing the deliveries they enqueued.
  webhooks::Dispatcher* webhooks = nullptr;

  std::string ApiBase() const { return public_url + "/api/v1"; }
};

}  // namespace revento::emulator
