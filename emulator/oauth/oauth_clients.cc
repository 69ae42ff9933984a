#include "emulator/oauth/oauth_clients.h"

#include <nlohmann/json.hpp>

namespace revento::emulator::oauth {

namespace {
constexpr size_t kMaxCachedLists = 1024;
}

std::optional<OAuthClient> OAuthClients::Find(std::string_view client_id) {
  return FromCredentials(Integrations(db_).FindCredentialsByClientId(client_id));
}

std::optional<OAuthClient> OAuthClients::FindByIntegrationId(std::string_view integration_id) {
  return FromCredentials(Integrations(db_).FindCredentialsById(integration_id));
}

std::optional<OAuthClient> OAuthClients::FromCredentials(std::optional<IntegrationCredentials> credentials) {
  if (!credentials) return std::nullopt;
  std::optional<OAuthClient> out;
  out.emplace();
  out->integration_id = std::move(credentials->id);
  out->name = std::move(credentials->name);
  out->client_id = std::move(credentials->client_id);
  out->client_secret = std::move(credentials->client_secret);
  out->redirect_uris = ParsedList(credentials->redirect_uris_json);
  out->scopes = ParsedList(credentials->scopes_json);
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
