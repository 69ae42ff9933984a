#include "emulator/store/integrity.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/catalog.h"
#include "emulator/http_url.h"

namespace revento::emulator {

namespace {

using nlohmann::json;

// A query that answers the key of the first row breaking a rule, or nothing.
struct RowRule {
  const char* subject;  // what the key names
  const char* problem;
  const char* sql;
};

constexpr RowRule kRowRules[] = {
    {"applications row", "answers: must be JSON text of an object",
     "SELECT id FROM applications WHERE CASE WHEN json_valid(answers) THEN json_type(answers) != 'object' "
     "ELSE 1 END LIMIT 1"},
    {"deliveries row", "payload: must be JSON text", "SELECT id FROM deliveries WHERE NOT json_valid(payload) LIMIT 1"},
    {"check_ins row", "participant_id: names no participant of the check-in's event",
     "SELECT c.id FROM check_ins c WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.id = c.participant_id "
     "AND p.event_id = c.event_id) LIMIT 1"},
    {"applications row", "participant_id: names no participant of the application's event",
     "SELECT a.id FROM applications a WHERE a.participant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
     "participants p WHERE p.id = a.participant_id AND p.event_id = a.event_id) LIMIT 1"},
    {"refresh_tokens of installation",
     "more than one current refresh token (used_at and revoked_at null) in this installation's family: keep one, "
     "set used_at or revoked_at on the others",
     "SELECT installation_id FROM refresh_tokens WHERE used_at IS NULL AND revoked_at IS NULL "
     "GROUP BY installation_id HAVING COUNT(*) > 1 LIMIT 1"},
};

portable::unexpected<Error> RowProblem(std::string_view subject, std::string_view key, std::string_view problem) {
  return Fail(std::string(subject) + " \"" + std::string(key) + "\": " + std::string(problem));
}

// `text` as a JSON array of unique strings, or the problem.
Result<std::vector<std::string>> StringList(std::string_view column, const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array())
    return Fail(std::string(column) + ": must be JSON text of an array of strings");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t k = 0; k < parsed.size(); ++k) {
    std::string where = std::string(column) + "[" + std::to_string(k) + "]";
    if (!parsed[k].is_string()) return Fail(where + ": must be a string");
    if (!seen.insert(parsed[k].get<std::string>()).second) return Fail(where + ": duplicate");
    out.push_back(parsed[k].get<std::string>());
  }
  return out;
}

struct IntegrationText {
  std::string redirect_uris, scopes, webhook_events;
  std::optional<std::string> webhook_url;
};

Status CheckIntegration(const IntegrationText& row) {
  auto uris = StringList("redirect_uris", row.redirect_uris);
  if (!uris) return portable::unexpected(uris.error());
  if (uris->empty()) return Fail("redirect_uris: must list at least one redirect URI");
  for (size_t k = 0; k < uris->size(); ++k) {
    if (!IsAbsoluteHttpUrl((*uris)[k]))
      return Fail("redirect_uris[" + std::to_string(k) + "]: " + std::string(kHttpUrlRule));
  }
  auto scopes = StringList("scopes", row.scopes);
  if (!scopes) return portable::unexpected(scopes.error());
  for (size_t k = 0; k < scopes->size(); ++k) {
    if (!FindScope((*scopes)[k]))
      return Fail("scopes[" + std::to_string(k) + "]: unknown scope \"" + (*scopes)[k] + "\"");
  }
  auto events = StringList("webhook_events", row.webhook_events);
  if (!events) return portable::unexpected(events.error());
  for (size_t k = 0; k < events->size(); ++k) {
    const WebhookTypeInfo* type = FindWebhookType((*events)[k]);
    std::string where = "webhook_events[" + std::to_string(k) + "]: ";
    if (!type) return Fail(where + "unknown webhook type \"" + (*events)[k] + "\"");
    if (!HoldsScope(*scopes, type->required_scope))
      return Fail(where + "needs the scope " + std::string(type->required_scope) + ", which scopes does not declare");
  }
  if (row.webhook_url && !IsAbsoluteHttpUrl(*row.webhook_url))
    return Fail("webhook_url: " + std::string(kHttpUrlRule));
  if (!events->empty() && !row.webhook_url) return Fail("webhook_url: required when webhook_events are declared");
  return Ok();
}

Status CheckIntegrations(Database& db) {
  auto& s = db.Prepare("SELECT id, redirect_uris, scopes, webhook_url, webhook_events FROM integrations ORDER BY rowid");
  Status found = Ok();
  while (found && s.Step()) {
    IntegrationText row{s.Text(1), s.Text(2), s.Text(4), s.OptionalText(3)};
    if (auto st = CheckIntegration(row); !st) found = RowProblem("integrations row", s.Text(0), st.error().message);
  }
  s.Reset();
  return found;
}

}  // namespace

Status CheckIntegrity(Database& db) {
  if (auto st = CheckIntegrations(db); !st) return st;
  for (const RowRule& rule : kRowRules) {
    auto& s = db.Prepare(rule.sql);
    std::optional<std::string> key;
    if (s.Step()) key = s.Text(0);
    s.Reset();
    if (key) return RowProblem(rule.subject, *key, rule.problem);
  }
  return Ok();
}

}  // namespace revento::emulator
