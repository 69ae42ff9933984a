#include "emulator/webhooks/fan_out.h"

#include <nlohmann/json.hpp>
#include <set>

#include "emulator/catalog.h"

namespace revento::emulator::webhooks {

bool ScopesCover(std::string_view granted, std::string_view required) {
  if (required.empty()) return true;
  size_t start = 0;
  while (start <= granted.size()) {
    size_t end = granted.find(' ', start);
    if (end == std::string_view::npos) end = granted.size();
    if (granted.substr(start, end - start) == required) return true;
    start = end + 1;
  }
  return false;
}

bool DeclaresType(const std::string& webhook_events_json, std::string_view type) {
  nlohmann::json events = nlohmann::json::parse(webhook_events_json, nullptr, false);
  if (!events.is_array()) return false;
  for (const auto& e : events)
    if (e.is_string() && e.get<std::string>() == type) return true;
  return false;
}

std::vector<Recipient> FanOut(Database& db, std::string_view type, std::string_view event_id) {
  const WebhookTypeInfo* info = FindWebhookType(type);
  if (!info) return {};
  auto& s = db.Prepare(
      "SELECT ins.id, ins.integration_id, ins.organization_id, ins.scope, i.webhook_url, i.webhook_events "
      "FROM installations ins JOIN integrations i ON i.id = ins.integration_id "
      "WHERE ins.event_id = ? AND ins.revoked_at IS NULL AND i.webhook_url IS NOT NULL "
      "ORDER BY ins.created_at, ins.id");
  s.Bind(1, event_id);
  std::vector<Recipient> out;
  std::set<std::string> integrations;
  while (s.Step()) {
    std::string integration_id = s.Text(1);
    if (integrations.contains(integration_id)) continue;
    if (!DeclaresType(s.Text(5), type) || !ScopesCover(s.Text(3), info->required_scope)) continue;
    integrations.insert(integration_id);
    out.push_back(Recipient{integration_id, s.Text(0), s.Text(2), s.Text(4)});
  }
  s.Reset();
  return out;
}

}  // namespace revento::emulator::webhooks
