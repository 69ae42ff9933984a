#include "emulator/store/integrations.h"

#include <nlohmann/json.hpp>

namespace revento::emulator {

namespace {

constexpr const char* kColumns =
    "id, name, client_id, client_secret, redirect_uris, scopes, webhook_url, webhook_events, "
    "webhook_secret, created_at";

// The strings of a JSON array; never throws (store/integrity.h refuses a
// database whose lists are anything else, at import and at start).
std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Integration ReadIntegration(const Statement& s) {
  Integration i;
  i.id = s.Text(0);
  i.name = s.Text(1);
  i.client_id = s.Text(2);
  i.client_secret = s.Text(3);
  i.redirect_uris = ParseList(s.Text(4));
  i.scopes = ParseList(s.Text(5));
  i.webhook_url = s.OptionalText(6);
  i.webhook_events = ParseList(s.Text(7));
  i.webhook_secret = s.OptionalText(8);
  i.created_at = s.Int(9);
  return i;
}

std::optional<Integration> FindOne(Database& db, const std::string& where, std::string_view key) {
  auto& s = db.Prepare(std::string("SELECT ") + kColumns + " FROM integrations WHERE " + where + " = ?");
  s.Bind(1, key);
  std::optional<Integration> out;
  if (s.Step()) out = ReadIntegration(s);
  s.Reset();
  return out;
}

std::optional<IntegrationCredentials> FindCredentials(Database& db, const std::string& sql, std::string_view key) {
  auto& s = db.Prepare(sql);
  s.Bind(1, key);
  std::optional<IntegrationCredentials> out;
  if (s.Step()) out = IntegrationCredentials{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
  s.Reset();
  return out;
}

constexpr const char* kCredentialColumns = "id, name, client_id, client_secret, redirect_uris, scopes";

}  // namespace

void Integrations::Insert(const Integration& i) {
  db_.Prepare(std::string("INSERT INTO integrations(") + kColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, i.id)
      .Bind(2, i.name)
      .Bind(3, i.client_id)
      .Bind(4, i.client_secret)
      .Bind(5, nlohmann::json(i.redirect_uris).dump())
      .Bind(6, nlohmann::json(i.scopes).dump())
      .Bind(7, i.webhook_url)
      .Bind(8, nlohmann::json(i.webhook_events).dump())
      .Bind(9, i.webhook_secret)
      .Bind(10, i.created_at)
      .Run();
}

std::optional<Integration> Integrations::FindById(std::string_view id) { return FindOne(db_, "id", id); }

std::optional<Integration> Integrations::FindByClientId(std::string_view client_id) {
  return FindOne(db_, "client_id", client_id);
}

std::vector<Integration> Integrations::List() {
  auto& s = db_.Prepare(std::string("SELECT ") + kColumns + " FROM integrations ORDER BY created_at, id");
  std::vector<Integration> out;
  while (s.Step()) out.push_back(ReadIntegration(s));
  s.Reset();
  return out;
}

std::optional<IntegrationCredentials> Integrations::FindCredentialsById(std::string_view id) {
  static const std::string kSql = std::string("SELECT ") + kCredentialColumns + " FROM integrations WHERE id = ?";
  return FindCredentials(db_, kSql, id);
}

std::optional<IntegrationCredentials> Integrations::FindCredentialsByClientId(std::string_view client_id) {
  static const std::string kSql =
      std::string("SELECT ") + kCredentialColumns + " FROM integrations WHERE client_id = ?";
  return FindCredentials(db_, kSql, client_id);
}

void Integrations::SetSecrets(std::string_view id, std::string_view client_secret,
                              const std::optional<std::string>& webhook_secret) {
  db_.Prepare("UPDATE integrations SET client_secret = ?, webhook_secret = ? WHERE id = ?")
      .Bind(1, client_secret)
      .Bind(2, webhook_secret)
      .Bind(3, id)
      .Run();
}

void Integrations::SetWebhookUrl(std::string_view id, std::string_view url) {
  db_.Prepare("UPDATE integrations SET webhook_url = ? WHERE id = ?").Bind(1, url).Bind(2, id).Run();
}

void Integrations::SetRedirectUris(std::string_view id, const std::vector<std::string>& uris) {
  db_.Prepare("UPDATE integrations SET redirect_uris = ? WHERE id = ?")
      .Bind(1, nlohmann::json(uris).dump())
      .Bind(2, id)
      .Run();
}

}  // namespace revento::emulator
