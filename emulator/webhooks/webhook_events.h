// The webhooks area's side of the domain events (emulator/domain_events.h):
//   - Published enqueues one pending delivery per recipient (publisher.h,
//     fan_out.h) through the caller's connection, inside its transaction;
//   - InstallationRevoked enqueues installation.revoked to the revoked
//     installation's integration, if its manifest declares the type and it
//     has a webhook URL, the same way;
//   - AfterCommit wakes the dispatcher so that what was enqueued goes out;
//   - Reset drops claimed deliveries that had not started (the reset or
//     import already replaced their rows) and wakes the dispatcher.
// Thread safety: as domain_events.h says; the dispatcher is thread-safe.
#pragma once

#include "emulator/domain_events.h"
#include "emulator/ids.h"
#include "emulator/store/database.h"
#include "emulator/webhooks/dispatcher.h"

namespace revento::emulator::webhooks {

class WebhookEvents : public DomainEvents {
 public:
  WebhookEvents(Database& db, IdSource& ids, Dispatcher& dispatcher) : db_(db), ids_(ids), dispatcher_(dispatcher) {}

  std::vector<std::string> Published(Transaction& tx, const Occurrence& occurrence, int64_t now) override;
  std::vector<std::string> InstallationRevoked(Transaction& tx, std::string_view installation_id,
                                               std::string_view reason, int64_t now) override;
  void AfterCommit() override;
  void Reset() override;

 private:
  Database& db_;
  IdSource& ids_;
  Dispatcher& dispatcher_;
};

}  // namespace revento::emulator::webhooks
