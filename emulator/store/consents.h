// Consents and authorization codes: the pending half of an OAuth grant, in
// the tables `consents` and `authorization_codes` of store/schema.cc.
//
// A consent is one authorize request waiting for the user's decision; an
// authorization code is what an approved consent (or --auto-consent) hands
// to the application, redeemed once at the token endpoint. Both are stored
// only as Sha256Hex digests; callers pass digests in.
//
// The Mark* methods are compare-and-set: they change a row only if it is
// still undecided / unused and report whether they did, so two requests
// racing on one consent or code cannot both win.
//
// Consents and unused codes are purged as new ones are stored, so anonymous
// authorize calls cannot grow the store: rows expired for over
// kExpiredRowGraceSeconds on the sandbox clock go (until then, a late submit
// still hears "expired" rather than "unknown"), and past kMaxPendingRows the
// oldest go first. Used codes stay: a second use must still revoke.
//
// Errors: a missing row is std::nullopt; SQLite failures throw StoreError.
// Thread safety: call only while holding the database lock; wrap multi-
// statement writes in a Transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/store/database.h"

namespace revento::emulator {

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

inline constexpr int64_t kExpiredRowGraceSeconds = 3600;
inline constexpr int64_t kMaxPendingRows = 10000;

class Consents {
 public:
  explicit Consents(Database& db) : db_(db) {}

  // Also purges (see above), with consent.created_at as now.
  void InsertConsent(const ConsentRecord& consent);
  std::optional<ConsentRecord> FindConsent(std::string_view id_hash);
  // Sets decided_at if the consent is undecided; true if it did.
  [[nodiscard]] bool MarkConsentDecided(std::string_view id_hash, int64_t now);

  // Also purges unused codes (see above), with code.created_at as now.
  void InsertCode(const CodeRecord& code);
  std::optional<CodeRecord> FindCode(std::string_view code_hash);
  // Sets used_at and installation_id if the code is unused; true if it did.
  [[nodiscard]] bool MarkCodeUsed(std::string_view code_hash, std::string_view installation_id, int64_t now);

 private:
  Database& db_;
};

}  // namespace revento::emulator
