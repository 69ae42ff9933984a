// Turning an occurrence (something that happened in the sandbox) into
// pending deliveries, one per recipient (fan_out.h), each with its body
// built once (payloads.h) and due now.
//
// Callers hold the database lock, inside the transaction that made the
// change, so that a change and its deliveries commit together; afterwards
// (without the lock) they call Dispatcher::Wake() so the deliveries go out.
// Domain rules reach it through DomainEvents (webhook_events.h), sandbox
// webhook tools (trigger, replay) directly.
//
// Thread safety: call while holding the database lock.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/domain_events.h"
#include "emulator/ids.h"
#include "emulator/store/database.h"
#include "emulator/store/delivery_store.h"
#include "emulator/webhooks/fan_out.h"

namespace revento::emulator::webhooks {

using emulator::Occurrence;

class Publisher {
 public:
  Publisher(Database& db, IdSource& ids) : db_(db), ids_(ids) {}

  // Returns the ids of the deliveries created (empty when nobody receives it).
  std::vector<std::string> Publish(const Occurrence& occurrence, int64_t now);
  // As Publish, with `data` built per recipient (installation.revoked).
  std::vector<std::string> PublishEach(const Occurrence& occurrence, int64_t now,
                                       const std::function<nlohmann::json(const Recipient&)>& data_for);
  // installation.revoked to the integration of one (just revoked)
  // installation, if its manifest declares the type. Returns the delivery id.
  std::optional<std::string> PublishInstallationRevoked(std::string_view installation_id, std::string_view reason,
                                                        int64_t now);
  // A new delivery (new id) of `original`'s exact payload to the same
  // integration, due now.
  std::string Replay(const Delivery& original, int64_t now);

 private:
  std::string Enqueue(const Recipient& recipient, const Occurrence& occurrence, const std::string& body, int64_t now);

  Database& db_;
  IdSource& ids_;
};

}  // namespace revento::emulator::webhooks
