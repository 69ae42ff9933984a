// Integrations as OAuth clients, looked up by client_id on every request.
//
// Find reads the integration's row (Integrations::FindCredentialsByClientId,
// one cached prepared statement) and returns its credentials, redirect URIs
// and declared scopes. The two JSON lists are parsed once per distinct text
// and kept, so the hot path (every authorize and token request) does no
// JSON parsing; a changed row (a new registration, a reset) simply has
// another text and is parsed afresh.
//
// Thread safety: call only while holding the database lock, which also
// guards the parsed-list cache.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulator/store/database.h"
#include "emulator/store/integrations.h"

namespace revento::emulator::oauth {

struct OAuthClient {
  std::string integration_id;
  std::string name;
  std::string client_id;
  std::string client_secret;
  std::shared_ptr<const std::vector<std::string>> redirect_uris;
  std::shared_ptr<const std::vector<std::string>> scopes;
};

class OAuthClients {
 public:
  explicit OAuthClients(Database& db) : db_(db) {}

  std::optional<OAuthClient> Find(std::string_view client_id);
  std::optional<OAuthClient> FindByIntegrationId(std::string_view integration_id);

 private:
  std::optional<OAuthClient> FromCredentials(std::optional<IntegrationCredentials> credentials);
  std::shared_ptr<const std::vector<std::string>> ParsedList(const std::string& json_text);

  Database& db_;
  std::unordered_map<std::string, std::shared_ptr<const std::vector<std::string>>> parsed_;
};

}  // namespace revento::emulator::oauth
