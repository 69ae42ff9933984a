// The Read API's view of issued access tokens: one read of the tables OAuth
// writes (access_tokens joined to installations, store/schema.cc), by the
// SHA-256 digest of the presented token. The API never stores or sees a
// live token beyond the request that carries it.
//
// Errors: an unknown digest is std::nullopt; SQLite failures throw StoreError.
// Thread safety: call while holding the database lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/store/database.h"

namespace revento::emulator {

// An access token and the installation (token family) it belongs to.
struct AccessGrant {
  std::string installation_id;
  std::string event_id;                            // the event the token is bound to
  std::string organization_id;                     // and its organization
  std::string scope;                               // space-separated, as granted to this token
  int64_t expires_at = 0;                          // sandbox Unix seconds
  std::optional<int64_t> revoked_at;               // the token itself
  std::optional<int64_t> installation_revoked_at;  // its whole family
};

class AccessGrants {
 public:
  explicit AccessGrants(Database& db) : db_(db) {}

  std::optional<AccessGrant> FindByTokenHash(std::string_view token_hash);

 private:
  Database& db_;
};

}  // namespace revento::emulator
