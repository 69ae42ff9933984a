// Issuing a token pair into a family, and the outcome of a grant.
//
// MintTokens draws an access token (rev_install_..., 3600 s on the sandbox
// clock) and a refresh token (rev_refresh_..., no expiry; single use by
// rotation) from the IdSource and digests them, outside any lock, so that
// the database lock is held only for the writes. IssueTokens stores the
// digests in the family and returns the cleartext once, for the token
// response. The response has
// exactly the quickstart's fields, in its order.
//
// A grant either issues tokens or fails with an RFC 6749 error; a failure
// that revoked a family names it: the grant raised
// DomainEvents::InstallationRevoked inside the revoking transaction, and the
// caller calls DomainEvents::AfterCommit() after the lock is released.
//
// Thread safety: IssueTokens runs under the database lock, inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include "portable/expected.h"
#include <optional>
#include <string>

#include "emulator/ids.h"
#include "emulator/oauth/client_request.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::oauth {

inline constexpr int64_t kAccessTokenSeconds = 3600;
inline constexpr int64_t kCodeSeconds = 600;
inline constexpr int64_t kConsentSeconds = 600;

struct IssuedTokens {
  std::string access_token;
  std::string refresh_token;
  int64_t expires_in = kAccessTokenSeconds;
  std::string scope;
  std::string event_id;
  std::string organization_id;

  // {"access_token", "refresh_token", "token_type": "Bearer", "expires_in",
  //  "scope", "event_id", "organization_id"}
  std::string ToJson() const;
};

struct GrantError {
  std::string error;        // RFC 6749 error code
  std::string description;  // what was wrong and how to fix it
  std::optional<std::string> revoked_installation_id;
  std::string revoked_reason;
  int status = 400;               // 401 for invalid_client
  bool www_authenticate = false;  // the client used HTTP Basic
};

using GrantResult = portable::expected<IssuedTokens, GrantError>;

inline portable::unexpected<GrantError> GrantFailure(std::string error, std::string description) {
  return portable::unexpected<GrantError>(
      GrantError{std::move(error), std::move(description), std::nullopt, "", 400, false});
}

// A client that failed authentication: 401 invalid_client, with
// WWW-Authenticate when it used HTTP Basic.
inline portable::unexpected<GrantError> InvalidClient(const ClientAuthError& error) {
  return portable::unexpected<GrantError>(GrantError{"invalid_client", error.description, std::nullopt, "", 401, error.basic});
}

struct MintedTokens {
  std::string access_token;
  std::string access_hash;
  std::string refresh_token;
  std::string refresh_hash;
};

MintedTokens MintTokens(IdSource& ids);

// `access_scope` may be narrower than `refresh_scope` (a narrowing refresh).
IssuedTokens IssueTokens(TokenFamilies& families, MintedTokens minted, const InstallationRecord& installation,
                         const std::string& access_scope, const std::string& refresh_scope, int64_t now);

}  // namespace revento::emulator::oauth
