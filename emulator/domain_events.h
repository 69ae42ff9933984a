// Domain events: what the OAuth and organizer rules announce when they change
// the sandbox, so that another area reacts (webhooks/ turns them into signed
// deliveries) without the rule knowing who listens.
//
// The protocol, for every rule that changes state:
//   1. under the database lock, inside its Transaction, the rule makes the
//      change and raises the event (Published, InstallationRevoked), passing
//      that Transaction: the listener writes what the event causes (pending
//      deliveries) through the same connection and transaction, so the change
//      and its consequences commit together or not at all (a crash loses
//      both or neither);
//   2. after Commit(), with the lock released, the rule calls AfterCommit()
//      when the event returned ids: the listener acts on what was written
//      (wakes the dispatcher). Never before the commit.
// Reset() is called under no lock after the whole state was replaced (a
// sandbox reset or a state import) and the transaction committed.
//
// The ids returned are those of the deliveries the event caused (empty when
// nobody listens); organizer actions answer them as "delivery_ids".
//
// Built once by Emulator (the composition root) and passed to Services at
// construction. Thread safety: Published and InstallationRevoked run on the
// caller's thread under the database lock; AfterCommit and Reset may be
// called from any thread without it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"

namespace revento::emulator {

// Something that happened to a resource of one event: `type` is a webhook
// type of the catalog ("event.updated", "participant.registered", ...) and
// `data` the resource's Read API representation.
struct Occurrence {
  std::string type;
  std::string event_id;
  std::string organization_id;
  nlohmann::json data;
};

class DomainEvents {
 public:
  virtual ~DomainEvents() = default;

  // An organizer change was made (published to whoever is installed on the
  // event). Call inside `tx`, holding the database lock.
  virtual std::vector<std::string> Published(Transaction& tx, const Occurrence& occurrence, int64_t now) = 0;
  // An installation's token family was just revoked (code reuse, refresh
  // reuse, /oauth/revoke, the organizer); `reason` is the text
  // /_sandbox/installations shows. Call inside the revoking `tx`, holding
  // the database lock, after the revocation was written.
  virtual std::vector<std::string> InstallationRevoked(Transaction& tx, std::string_view installation_id,
                                                       std::string_view reason, int64_t now) = 0;
  // The transaction that raised events committed; call without the lock.
  virtual void AfterCommit() = 0;
  // The state was replaced (reset, import) and committed; call without the lock.
  virtual void Reset() = 0;
};

}  // namespace revento::emulator
