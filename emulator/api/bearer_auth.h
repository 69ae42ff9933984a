// Bearer authentication of the Read API (RFC 6750 2.1, CONTRACT.md "Read
// API").
//
// ReadBearerToken reads `Authorization: Bearer <token>` and hashes the
// token, without the database; Authenticate looks it up and answers the
// grant the token carries. Either answers the 401 that refuses it:
//   invalid_token  no Authorization header; another scheme; no token after
//                  "Bearer"; characters outside RFC 6750's b64token; a
//                  token longer than 512 characters; a token sent in the
//                  query string instead of the header; a refresh token; a
//                  token the sandbox never issued (or issued before a reset).
//   token_revoked  the token, or its installation (token family), is revoked.
//                  Checked before expiry: refreshing cannot help.
//   token_expired  sandbox now >= expires_at (refresh it at /oauth/token).
// The scheme name is case-insensitive (RFC 7235 2.1); exactly one space
// separates it from the token.
//
// Thread safety: ReadBearerToken is pure; Authenticate runs one statement
// while the caller holds the database lock.
#pragma once

#include <httplib.h>

#include <cstdint>
#include "portable/expected.h"
#include <string>

#include "emulator/api/api_error.h"
#include "emulator/store/access_grants.h"
#include "emulator/store/database.h"

namespace revento::emulator::api {

struct Grant {
  std::string token_hash;  // SHA-256 hex of the token: the rate-limit key
  AccessGrant token;

  // True when the token's scope holds `scope` (HoldsScope, catalog.h).
  bool HasScope(std::string_view scope) const;
};

struct BearerToken {
  std::string token_hash;  // SHA-256 hex
  bool access_token_form = false;  // starts with rev_install_: worth a lookup
};

portable::expected<BearerToken, ApiError> ReadBearerToken(const httplib::Request& req);
portable::expected<Grant, ApiError> Authenticate(const BearerToken& bearer, Database& db, int64_t now_unix);

}  // namespace revento::emulator::api
