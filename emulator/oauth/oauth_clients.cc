#include "emulator/oauth/oauth_clients.h"

#include <nlohmann/json.hpp>

namespace revento::emulator::oauth {

namespace {
constexpr size_t kMaxCachedLists = 1024;
}

std::optional<OAuthClient> OAuthClients::Find(std::string_view client_id) {
  return FindWhere(
      "SELECT id, name, client_id, client_secret, redirect_uris, scopes FROM integrations "
      "WHERE client_id = ?",
      client_id);
}

std::optional<OAuthClient> OAuthClients::FindByIntegrationId(std::string_view integration_id) {
  return FindWhere("SELECT id, name, client_id, client_secret, redirect_uris, scopes FROM integrations WHERE id = ?",
                   integration_id);
}

std::optional<OAuthClient> OAuthClients::FindWhere(const std::string& sql, std::string_view key) {
  auto& s = db_.Prepare(sql);
  s.Bind(1, key);
  std::optional<OAuthClient> out;
  if (s.Step()) {
    out.emplace();
    out->integration_id = s.Text(0);
    out->name = s.Text(1);
    out->client_id = s.Text(2);
    out->client_secret = s.Text(3);
    std::string redirect_uris = s.Text(4), scopes = s.Text(5);
    s.Reset();
    out->redirect_uris = ParsedList(redirect_uris);
    out->scopes = ParsedList(scopes);
    return out;
  }
  s.Reset();
  return out;
}

std::shared_ptr<const std::vector<std::string>> OAuthClients::ParsedList(const std::string& json_text) {
  if (auto it = parsed_.find(json_text); it != parsed_.end()) return it->second;
  auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  auto list = std::make_shared<std::vector<std::string>>();
  if (parsed.is_array())
    for (const auto& item : parsed)
      if (item.is_string()) list->push_back(item.get<std::string>());
  if (parsed_.size() >= kMaxCachedLists) parsed_.clear();
  parsed_.emplace(json_text, list);
  return list;
}

}  // namespace revento::emulator::oauth
