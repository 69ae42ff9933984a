// Webhook bodies.
//
// Every delivery's body is the JSON object
//   {"id", "type", "created_at", "event_id", "organization_id", "data"}
// in that key order, where `id` names the occurrence (shared by every
// integration it fans out to, and kept by a replay), `created_at` is the
// sandbox time of the occurrence (ISO 8601 UTC) and `data` is the Read API
// representation of the resource (representations/representations.h):
//   event.*                  the event
//   application.*            the application
//   participant.registered/updated/cancelled   the participant
//   participant.checked_in   the check-in (attendance.read's representation)
//   installation.revoked     {"id", "object": "installation", "integration_id",
//                             "event_id", "reason", "revoked_at"}
// The body is built once and stored; every attempt sends those exact bytes.
// Non-ASCII text is sent as raw UTF-8.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace revento::emulator::webhooks {

std::string PayloadBody(std::string_view id, std::string_view type, int64_t created_at, std::string_view event_id,
                        std::string_view organization_id, const nlohmann::json& data);

nlohmann::json InstallationRevokedData(std::string_view installation_id, std::string_view integration_id,
                                       std::string_view event_id, std::string_view reason, int64_t revoked_at);

}  // namespace revento::emulator::webhooks
