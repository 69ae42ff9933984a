#include "emulator/webhooks/payloads.h"

#include "emulator/clock.h"

namespace revento::emulator::webhooks {

std::string PayloadBody(std::string_view id, std::string_view type, int64_t created_at, std::string_view event_id,
                        std::string_view organization_id, const nlohmann::json& data) {
  // ordered_json keeps the contract's key order; `data` (a plain json object)
  // keeps its own, sorted, order when copied in.
  nlohmann::ordered_json body = {{"id", id},
                                 {"type", type},
                                 {"created_at", IsoTimestampFromUnix(created_at)},
                                 {"event_id", event_id},
                                 {"organization_id", organization_id},
                                 {"data", data}};
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::json InstallationRevokedData(std::string_view installation_id, std::string_view integration_id,
                                       std::string_view event_id, std::string_view reason, int64_t revoked_at) {
  return {{"id", installation_id}, {"object", "installation"}, {"integration_id", integration_id},
          {"event_id", event_id},  {"reason", reason},         {"revoked_at", IsoTimestampFromUnix(revoked_at)}};
}

}  // namespace revento::emulator::webhooks
