#include "emulator/webhooks/payloads.h"

#include "emulator/clock.h"
#include "emulator/representations/json_text.h"

namespace revento::emulator::webhooks {

// The envelope is the dump of an nlohmann::ordered_json with these six keys
// in this order (tests/emulator/webhooks/signer_test.cc compares the two
// byte for byte), written with the JSON text helpers the Read API uses:
// the body is built under the database lock (publisher.h), and building an
// ordered_json (and copying `data` into it) cost 1.5-2x the time per body in
// a micro-benchmark and 6.4% of bench_webhooks' throughput (median of 10
// interleaved runs, docs/PERFORMANCE.md).
std::string PayloadBody(std::string_view id, std::string_view type, int64_t created_at, std::string_view event_id,
                        std::string_view organization_id, const nlohmann::json& data) {
  std::string body = "{\"id\":";
  AppendJsonString(body, id);
  body += ",\"type\":";
  AppendJsonString(body, type);
  body += ",\"created_at\":";
  AppendJsonTime(body, created_at);
  body += ",\"event_id\":";
  AppendJsonString(body, event_id);
  body += ",\"organization_id\":";
  AppendJsonString(body, organization_id);
  body += ",\"data\":";
  body += data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  body += "}";
  return body;
}

nlohmann::json InstallationRevokedData(std::string_view installation_id, std::string_view integration_id,
                                       std::string_view event_id, std::string_view reason, int64_t revoked_at) {
  return {{"id", installation_id}, {"object", "installation"}, {"integration_id", integration_id},
          {"event_id", event_id},  {"reason", reason},         {"revoked_at", IsoTimestampFromUnix(revoked_at)}};
}

}  // namespace revento::emulator::webhooks
