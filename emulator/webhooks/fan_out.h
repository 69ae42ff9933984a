// Who receives a webhook: the fan-out rules of CONTRACT.md.
//
// An integration receives a delivery of `type` for an event when
//   1. it is installed on that event: an installation (token family) bound
//      to the event with revoked_at IS NULL;
//   2. its manifest declares `type` in webhook_events (and has a webhook URL);
//   3. the scopes granted to that installation hold the type's required
//      scope (HoldsScope, catalog.h); installation.revoked needs none.
// An integration installed several times on one event receives one delivery,
// addressed to its oldest live installation that meets 3.
//
// Thread safety: call while holding the database lock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"

namespace revento::emulator::webhooks {

struct Recipient {
  std::string integration_id;
  std::string installation_id;
  std::string organization_id;
  std::string webhook_url;
};

std::vector<Recipient> FanOut(Database& db, std::string_view type, std::string_view event_id);

// True when the JSON array `webhook_events_json` lists `type`.
bool DeclaresType(const std::string& webhook_events_json, std::string_view type);

}  // namespace revento::emulator::webhooks
