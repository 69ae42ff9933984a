// Registered integrations (the manifest and the credentials issued for it).
//
// Errors: a missing row is std::nullopt; SQLite failures throw StoreError.
// Thread safety: every method must be called while holding the database lock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"
#include "emulator/store/records.h"

namespace revento::emulator {

// An integration's OAuth credentials, with its redirect URIs and scopes as
// the stored JSON text, for callers that parse each distinct text once
// (oauth/oauth_clients.h).
struct IntegrationCredentials {
  std::string id;
  std::string name;
  std::string client_id;
  std::string client_secret;
  std::string redirect_uris_json;
  std::string scopes_json;
};

class Integrations {
 public:
  explicit Integrations(Database& db) : db_(db) {}

  void Insert(const Integration& integration);
  std::optional<Integration> FindById(std::string_view id);
  std::optional<Integration> FindByClientId(std::string_view client_id);
  std::vector<Integration> List();
  std::optional<IntegrationCredentials> FindCredentialsById(std::string_view id);
  std::optional<IntegrationCredentials> FindCredentialsByClientId(std::string_view client_id);
  // Points an integration's deliveries at `url` (for --webhook-url).
  void SetWebhookUrl(std::string_view id, std::string_view url);
  // Replaces both secrets (a kept database whose secrets are the published
  // fixture ones, started with --random-secrets or off loopback).
  void SetSecrets(std::string_view id, std::string_view client_secret, const std::optional<std::string>& webhook_secret);
  // Replaces an integration's registered redirect URIs (for --redirect-uri).
  void SetRedirectUris(std::string_view id, const std::vector<std::string>& uris);

 private:
  Database& db_;
};

}  // namespace revento::emulator
