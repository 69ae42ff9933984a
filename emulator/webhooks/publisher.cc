#include "emulator/webhooks/publisher.h"

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
  auto& s = db_.Prepare(
      "SELECT ins.integration_id, ins.event_id, ins.organization_id, ins.revoked_at, i.webhook_url, "
      "i.webhook_events FROM installations ins JOIN integrations i ON i.id = ins.integration_id WHERE ins.id = ?");
  s.Bind(1, installation_id);
  if (!s.Step()) {
    s.Reset();
    return std::nullopt;
  }
  Recipient r{s.Text(0), std::string(installation_id), s.Text(2), s.IsNull(4) ? "" : s.Text(4)};
  std::string event_id = s.Text(1);
  int64_t revoked_at = s.OptionalInt(3).value_or(now);
  bool declared = DeclaresType(s.Text(5), "installation.revoked");
  s.Reset();
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
