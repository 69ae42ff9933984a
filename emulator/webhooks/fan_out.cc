#include "emulator/webhooks/fan_out.h"

#include <nlohmann/json.hpp>
#include <set>

#include "emulator/catalog.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::webhooks {

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
  std::vector<Recipient> out;
  std::set<std::string> integrations;
  for (auto& s : TokenFamilies(db).ListWebhookSubscribers(event_id)) {
    if (integrations.contains(s.integration_id)) continue;
    if (!DeclaresType(s.webhook_events_json, type) || !HoldsScope(s.scope, info->required_scope)) continue;
    integrations.insert(s.integration_id);
    out.push_back(Recipient{std::move(s.integration_id), std::move(s.installation_id), std::move(s.organization_id),
                            std::move(*s.webhook_url)});
  }
  return out;
}

}  // namespace revento::emulator::webhooks
