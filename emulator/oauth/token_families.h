// The OAuth store: consents, authorization codes, installations (token
// families) and access and refresh tokens, in the tables of store/schema.cc.
//
// Every credential is stored only as its Sha256Hex digest; callers pass
// digests in. An installation is the token family of one consent: the code
// exchange creates it bound to one (event, organization) pair, and every
// access and refresh token records it. Revoking a family (RevokeFamily)
// stamps the installation and every one of its tokens, newest included.
//
// The Mark* methods are compare-and-set: they change a row only if it is
// still unused and report whether they did, so two requests racing on one
// code or refresh token cannot both win.
//
// Errors: a missing row is std::nullopt; SQLite failures throw StoreError.
// Thread safety: call only while holding the database lock; wrap multi-
// statement writes in a Transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"

namespace revento::emulator::oauth {

struct ConsentRecord {
  std::string id_hash;
  std::string integration_id;
  std::string event_id;
  std::string redirect_uri;
  std::string scope;
  std::optional<std::string> state;
  std::string code_challenge;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> decided_at;
};

struct CodeRecord {
  std::string code_hash;
  std::string integration_id;
  std::string event_id;
  std::string organization_id;
  std::optional<std::string> installation_id;
  std::string redirect_uri;
  std::string scope;
  std::string code_challenge;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
};

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

// Consents and unused codes are purged as new ones are stored, so anonymous
// authorize calls cannot grow the store: rows expired for over
// kExpiredRowGraceSeconds on the sandbox clock go (until then, a late submit
// still hears "expired" rather than "unknown"), and past kMaxPendingRows the
// oldest go first. Used codes stay: a second use must still revoke.
inline constexpr int64_t kExpiredRowGraceSeconds = 3600;
inline constexpr int64_t kMaxPendingRows = 10000;

class TokenFamilies {
 public:
  explicit TokenFamilies(Database& db) : db_(db) {}

  // Also purges (see above), with consent.created_at as now.
  void InsertConsent(const ConsentRecord& consent);
  std::optional<ConsentRecord> FindConsent(std::string_view id_hash);
  // Sets decided_at if the consent is undecided; true if it did.
  bool MarkConsentDecided(std::string_view id_hash, int64_t now);

  // Also purges unused codes (see above), with code.created_at as now.
  void InsertCode(const CodeRecord& code);
  std::optional<CodeRecord> FindCode(std::string_view code_hash);
  // Sets used_at and installation_id if the code is unused; true if it did.
  bool MarkCodeUsed(std::string_view code_hash, std::string_view installation_id, int64_t now);

  void InsertInstallation(const InstallationRecord& installation);
  std::optional<InstallationRecord> FindInstallation(std::string_view id);
  std::vector<InstallationRecord> ListInstallations();
  FamilyCounts CountTokens(std::string_view installation_id);
  // Revokes the installation and all of its tokens; true if it was live.
  bool RevokeFamily(std::string_view installation_id, int64_t now, std::string_view reason);

  void InsertAccessToken(const AccessTokenRecord& token);
  std::optional<AccessTokenRecord> FindAccessToken(std::string_view token_hash);
  bool RevokeAccessToken(std::string_view token_hash, int64_t now);

  void InsertRefreshToken(const RefreshTokenRecord& token);
  std::optional<RefreshTokenRecord> FindRefreshToken(std::string_view token_hash);
  // Retires a live refresh token (rotation); true if it did.
  bool MarkRefreshTokenUsed(std::string_view token_hash, int64_t now);

 private:
  Database& db_;
};

}  // namespace revento::emulator::oauth
