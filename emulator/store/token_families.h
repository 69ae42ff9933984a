// Installations (token families) and their access and refresh tokens, in
// the tables `installations`, `access_tokens` and `refresh_tokens` of
// store/schema.cc.
//
// Every credential is stored only as its Sha256Hex digest; callers pass
// digests in. An installation is the token family of one consent: the code
// exchange creates it bound to one (event, organization) pair, and every
// access and refresh token records it. Revoking a family (RevokeFamily)
// stamps the installation and every one of its tokens, newest included.
//
// The Mark* and Revoke* methods are compare-and-set: they change a row only
// if it is still live / unused and report whether they did, so two requests
// racing on one refresh token cannot both win.
//
// The webhook side reads installations too: ListWebhookIntegrations,
// FirstLiveInstallation and
// FindWebhookSubscriber answer an installation with its integration's
// webhook URL and declared types, for the fan-out rules (webhooks/fan_out.h).
//
// Errors: a missing row is std::nullopt; SQLite failures throw StoreError.
// Thread safety: call only while holding the database lock; wrap multi-
// statement writes in a Transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"

namespace revento::emulator {

struct InstallationRecord {
  std::string id;
  std::string integration_id;
  std::string event_id;
  std::string organization_id;
  std::string scope;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  std::optional<std::string> revoked_reason;
};

struct RefreshTokenRecord {
  std::string token_hash;
  std::string installation_id;
  std::string scope;
  int64_t created_at = 0;
  std::optional<int64_t> used_at;
  std::optional<int64_t> revoked_at;
};

struct AccessTokenRecord {
  std::string token_hash;
  std::string installation_id;
  std::string scope;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> revoked_at;
};

struct FamilyCounts {
  int64_t access_tokens = 0;
  int64_t refresh_tokens = 0;
};

// An installation as the webhook side sees it: with its integration's
// webhook URL (none: the integration receives nothing) and the JSON text of
// its declared webhook_events.
struct WebhookSubscriber {
  std::string installation_id;
  std::string integration_id;
  std::string event_id;
  std::string organization_id;
  std::string scope;
  std::optional<int64_t> revoked_at;
  std::optional<std::string> webhook_url;
  std::string webhook_events_json;
};

// An integration as fan-out sees it: where its webhooks go and the JSON
// text of its declared webhook_events.
struct WebhookIntegration {
  std::string id;
  std::string webhook_url;
  std::string webhook_events_json;
};

class TokenFamilies {
 public:
  explicit TokenFamilies(Database& db) : db_(db) {}

  void InsertInstallation(const InstallationRecord& installation);
  std::optional<InstallationRecord> FindInstallation(std::string_view id);
  std::vector<InstallationRecord> ListInstallations();
  FamilyCounts CountTokens(std::string_view installation_id);
  // Revokes the installation and all of its tokens; true if it was live.
  [[nodiscard]] bool RevokeFamily(std::string_view installation_id, int64_t now, std::string_view reason);

  void InsertAccessToken(const AccessTokenRecord& token);
  std::optional<AccessTokenRecord> FindAccessToken(std::string_view token_hash);
  [[nodiscard]] bool RevokeAccessToken(std::string_view token_hash, int64_t now);

  void InsertRefreshToken(const RefreshTokenRecord& token);
  std::optional<RefreshTokenRecord> FindRefreshToken(std::string_view token_hash);
  // Retires a live refresh token (rotation); true if it did.
  [[nodiscard]] bool MarkRefreshTokenUsed(std::string_view token_hash, int64_t now);

  // The integrations that have a webhook URL, by id.
  std::vector<WebhookIntegration> ListWebhookIntegrations();
  // The oldest live installation (created_at, then id) of `integration_id`
  // on `event_id` that `accept` takes. An index walk that stops at the first
  // accepted row: fan-out costs the same with one live family per
  // integration as with a hundred thousand.
  std::optional<InstallationRecord> FirstLiveInstallation(
      std::string_view event_id, std::string_view integration_id,
      const std::function<bool(const InstallationRecord&)>& accept);
  // One installation, live or revoked, whatever its integration's URL.
  std::optional<WebhookSubscriber> FindWebhookSubscriber(std::string_view installation_id);

 private:
  Database& db_;
};

}  // namespace revento::emulator
