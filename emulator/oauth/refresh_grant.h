// Refresh with rotation (grant_type=refresh_token).
//
// Refresh checks, in order:
//   unknown refresh token                               invalid_grant
//   token of another client's family                    invalid_grant
//   family already revoked (reuse, code reuse, /oauth/revoke)  invalid_grant
//   token already rotated: reuse. Revokes the whole family, the newest
//   tokens included, reason "refresh token reuse"       invalid_grant
//   `scope` given with an unknown name                  invalid_scope
//   `scope` wider than the refresh token's              invalid_scope
// Success retires the presented token and issues a new pair in the same
// family, in one transaction. The new access token carries the requested
// (possibly narrower) scope; the new refresh token keeps the presented
// one's scope (RFC 6749 6), so a later refresh may ask for it again but
// never for more. Under the database lock, of N concurrent refreshes of one
// token exactly one wins; the others are reuse.
//
// The client is authenticated (AuthenticateLocked) first, under the same
// lock hold. Thread safety: takes the database lock itself.
#pragma once

#include <optional>
#include <string_view>

#include "emulator/oauth/client_request.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/oauth/token_issuer.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

GrantResult Refresh(Services& services, OAuthClients& clients, const ClientRequest& request,
                    std::string_view refresh_token, std::optional<std::string_view> scope);

}  // namespace revento::emulator::oauth
