#include "emulator/sandbox/integrations_handler.h"

#include <set>

#include "emulator/catalog.h"
#include "emulator/http/errors.h"
#include "emulator/http_url.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/store/integrations.h"

namespace revento::emulator::sandbox {

namespace {

// A required (or optional) array of unique strings.
bool StringList(http::RequestContext& ctx, const nlohmann::json& body, const std::string& field,
                std::vector<std::string>* out, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) BadField(ctx, field, "missing (an array of strings is required)");
    return !required;
  }
  if (!it->is_array()) {
    BadField(ctx, field, "must be an array of strings");
    return false;
  }
  std::set<std::string> seen;
  for (size_t k = 0; k < it->size(); ++k) {
    const auto& v = (*it)[k];
    std::string where = field + "[" + std::to_string(k) + "]";
    if (!v.is_string()) {
      BadField(ctx, where, "must be a string");
      return false;
    }
    if (!seen.insert(v.get<std::string>()).second) {
      BadField(ctx, where, "duplicate \"" + v.get<std::string>() + "\"");
      return false;
    }
    out->push_back(v.get<std::string>());
  }
  return true;
}

nlohmann::json IntegrationJson(const Integration& i, bool with_secrets) {
  nlohmann::json out = {{"id", i.id},
                        {"object", "integration"},
                        {"name", i.name},
                        {"client_id", i.client_id},
                        {"redirect_uris", i.redirect_uris},
                        {"scopes", i.scopes},
                        {"webhook_url", i.webhook_url ? nlohmann::json(*i.webhook_url) : nlohmann::json(nullptr)},
                        {"webhook_events", i.webhook_events},
                        {"has_webhook_secret", i.webhook_secret.has_value()},
                        {"created_at", IsoTimestampFromUnix(i.created_at)}};
  if (with_secrets) {
    out["client_secret"] = i.client_secret;
    out["webhook_secret"] = i.webhook_secret ? nlohmann::json(*i.webhook_secret) : nlohmann::json(nullptr);
  }
  return out;
}

}  // namespace

void HandleRegisterIntegration(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"name", "redirect_uris", "scopes", "webhook_url", "webhook_events"})) return;
  Integration i;
  std::optional<std::string> name, webhook_url;
  if (!StringField(ctx, *body, "name", &name, true)) return;
  i.name = *name;
  if (!StringList(ctx, *body, "redirect_uris", &i.redirect_uris, true)) return;
  if (i.redirect_uris.empty()) return BadField(ctx, "redirect_uris", "must list at least one redirect URI");
  for (size_t k = 0; k < i.redirect_uris.size(); ++k) {
    if (!IsAbsoluteHttpUrl(i.redirect_uris[k])) {
      return BadField(ctx, "redirect_uris[" + std::to_string(k) + "]",
                      "\"" + i.redirect_uris[k] + "\" " + std::string(kHttpUrlRule));
    }
  }
  if (!StringList(ctx, *body, "scopes", &i.scopes, true)) return;
  for (size_t k = 0; k < i.scopes.size(); ++k) {
    if (!FindScope(i.scopes[k])) {
      return BadField(ctx, "scopes[" + std::to_string(k) + "]",
                      "unknown scope \"" + i.scopes[k] +
                          "\" (known: event.read, participants.read, applications.read, attendance.read)");
    }
  }
  if (!StringList(ctx, *body, "webhook_events", &i.webhook_events, false)) return;
  for (size_t k = 0; k < i.webhook_events.size(); ++k) {
    const WebhookTypeInfo* type = FindWebhookType(i.webhook_events[k]);
    std::string where = "webhook_events[" + std::to_string(k) + "]";
    if (!type) return BadField(ctx, where, "unknown webhook type \"" + i.webhook_events[k] + "\"");
    if (!HoldsScope(i.scopes, type->required_scope)) {
      return BadField(ctx, where,
                      i.webhook_events[k] + " needs the scope " + std::string(type->required_scope) +
                          ", which scopes does not declare; add it or drop the type");
    }
  }
  if (!StringField(ctx, *body, "webhook_url", &webhook_url)) return;
  if (webhook_url && !IsAbsoluteHttpUrl(*webhook_url)) {
    return BadField(ctx, "webhook_url", "\"" + *webhook_url + "\" " + std::string(kHttpUrlRule));
  }
  if (!i.webhook_events.empty() && !webhook_url) {
    return BadField(ctx, "webhook_url", "missing: webhook_events are declared, so deliveries need a URL");
  }
  i.webhook_url = webhook_url;
  i.id = services.ids.NewId("int_");
  i.client_id = services.ids.NewId("rev_client_");
  i.client_secret = services.ids.NewId("rev_secret_", 20);
  if (!i.webhook_events.empty()) i.webhook_secret = services.ids.NewId("whsec_", 20);
  i.created_at = UnixSeconds(services.clock.Now());
  {
    auto lock = services.db.Lock();
    Integrations(services.db).Insert(i);
  }
  http::SendJson(ctx.res, 201, IntegrationJson(i, true));
}

void HandleListIntegrations(Services& services, http::RequestContext& ctx) {
  nlohmann::json data = nlohmann::json::array();
  {
    auto lock = services.db.Lock();
    for (const auto& i : Integrations(services.db).List()) data.push_back(IntegrationJson(i, false));
  }
  http::SendJson(ctx.res, 200, {{"data", data}});
}

}  // namespace revento::emulator::sandbox
