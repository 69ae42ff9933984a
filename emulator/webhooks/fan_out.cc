#include "emulator/webhooks/fan_out.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <tuple>

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
  struct Found {
    int64_t created_at;
    Recipient recipient;
  };
  std::vector<Found> found;
  TokenFamilies families(db);
  for (auto& integration : families.ListWebhookIntegrations()) {
    if (!DeclaresType(integration.webhook_events_json, type)) continue;
    auto installation = families.FirstLiveInstallation(event_id, integration.id, [&](const InstallationRecord& i) {
      return HoldsScope(i.scope, info->required_scope);
    });
    if (!installation) continue;
    found.push_back({installation->created_at,
                     Recipient{std::move(integration.id), std::move(installation->id),
                               std::move(installation->organization_id), std::move(integration.webhook_url)}});
  }
  // Oldest installation first, as the deliveries are enqueued.
  std::ranges::sort(found, {}, [](const Found& f) { return std::tie(f.created_at, f.recipient.installation_id); });
  std::vector<Recipient> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.recipient));
  return out;
}

}  // namespace revento::emulator::webhooks
