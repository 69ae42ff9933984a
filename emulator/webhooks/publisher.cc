#include "emulator/webhooks/publisher.h"

#include "emulator/store/token_families.h"
#include "emulator/webhooks/payloads.h"

namespace revento::emulator::webhooks {

std::string Publisher::Enqueue(const Recipient& recipient, const Occurrence& occurrence, const std::string& body,
                               int64_t now) {
  Delivery d;
  d.id = ids_.NewId("dlv_");
  d.integration_id = recipient.integration_id;
  d.installation_id = recipient.installation_id;
  d.type = occurrence.type;
  d.event_id = occurrence.event_id;
  d.organization_id = occurrence.organization_id;
  d.webhook_url = recipient.webhook_url;
  d.payload = body;
  d.status = "pending";
  d.next_attempt_at = now;
  d.created_at = now;
  DeliveryStore(db_).Insert(d);
  return d.id;
}

std::vector<std::string> Publisher::Publish(const Occurrence& occurrence, int64_t now) {
  auto recipients = FanOut(db_, occurrence.type, occurrence.event_id);
  if (recipients.empty()) return {};
  std::string body = PayloadBody(ids_.NewId("whe_"), occurrence.type, now, occurrence.event_id,
                                 occurrence.organization_id, occurrence.data);
  std::vector<std::string> out;
  for (const auto& r : recipients) out.push_back(Enqueue(r, occurrence, body, now));
  return out;
}

std::vector<std::string> Publisher::PublishEach(const Occurrence& occurrence, int64_t now,
                                                const std::function<nlohmann::json(const Recipient&)>& data_for) {
  std::string occurrence_id = ids_.NewId("whe_");
  std::vector<std::string> out;
  for (const auto& r : FanOut(db_, occurrence.type, occurrence.event_id)) {
    std::string body =
        PayloadBody(occurrence_id, occurrence.type, now, occurrence.event_id, occurrence.organization_id, data_for(r));
    out.push_back(Enqueue(r, occurrence, body, now));
  }
  return out;
}

std::optional<std::string> Publisher::PublishInstallationRevoked(std::string_view installation_id,
                                                                 std::string_view reason, int64_t now) {
  auto subscriber = TokenFamilies(db_).FindWebhookSubscriber(installation_id);
  if (!subscriber) return std::nullopt;
  Recipient r{subscriber->integration_id, std::string(installation_id), subscriber->organization_id,
              subscriber->webhook_url.value_or("")};
  const std::string& event_id = subscriber->event_id;
  int64_t revoked_at = subscriber->revoked_at.value_or(now);
  bool declared = DeclaresType(subscriber->webhook_events_json, "installation.revoked");
  if (r.webhook_url.empty() || !declared) return std::nullopt;
  Occurrence occurrence{"installation.revoked", event_id, r.organization_id,
                        InstallationRevokedData(installation_id, r.integration_id, event_id, reason, revoked_at)};
  std::string body =
      PayloadBody(ids_.NewId("whe_"), occurrence.type, now, event_id, r.organization_id, occurrence.data);
  return Enqueue(r, occurrence, body, now);
}

std::string Publisher::Replay(const Delivery& original, int64_t now) {
  Delivery d;
  d.id = ids_.NewId("dlv_");
  d.integration_id = original.integration_id;
  d.installation_id = original.installation_id;
  d.type = original.type;
  d.event_id = original.event_id;
  d.organization_id = original.organization_id;
  d.webhook_url = original.webhook_url;
  d.payload = original.payload;
  d.status = "pending";
  d.next_attempt_at = now;
  d.created_at = now;
  d.replay_of = original.id;
  DeliveryStore(db_).Insert(d);
  return d.id;
}

}  // namespace revento::emulator::webhooks
