#include "emulator/webhooks/payloads.h"

#include "emulator/clock.h"

namespace revento::emulator::webhooks {

namespace {
std::string Quoted(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }
}  // namespace

// The envelope is written field by field, not as an nlohmann::ordered_json:
// the body is built under the database lock (publisher.h), and building an
// ordered_json (and copying `data` into it) cost 1.5-2x the time per body in
// a micro-benchmark and 6.4% of bench_webhooks' throughput (median of 10
// interleaved runs, docs/PERFORMANCE.md). The bytes are pinned by
// tests/emulator/webhooks/signer_test.cc (PayloadTest).

std::string PayloadBody(std::string_view id, std::string_view type, int64_t created_at, std::string_view event_id,
                        std::string_view organization_id, const nlohmann::json& data) {
  std::string body = "{\"id\":" + Quoted(id);
  body += ",\"type\":" + Quoted(type);
  body += ",\"created_at\":" + Quoted(IsoTimestampFromUnix(created_at));
  body += ",\"event_id\":" + Quoted(event_id);
  body += ",\"organization_id\":" + Quoted(organization_id);
  body += ",\"data\":" + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  body += "}";
  return body;
}

nlohmann::json InstallationRevokedData(std::string_view installation_id, std::string_view integration_id,
                                       std::string_view event_id, std::string_view reason, int64_t revoked_at) {
  return {{"id", installation_id}, {"object", "installation"}, {"integration_id", integration_id},
          {"event_id", event_id},  {"reason", reason},         {"revoked_at", IsoTimestampFromUnix(revoked_at)}};
}

}  // namespace revento::emulator::webhooks
