// POST /oauth/token: authorization_code and refresh_token grants.
//
// The request is read and the client authenticated by client_request.h.
// Then:
//   grant_type missing                              400 invalid_request
//   grant_type other than the two below             400 unsupported_grant_type
//   authorization_code: code or redirect_uri missing 400 invalid_request;
//     the rest is code_grant.h (invalid_grant)
//   refresh_token: refresh_token missing            400 invalid_request;
//     the rest is refresh_grant.h (invalid_grant, invalid_scope)
// Success is 200 with exactly the quickstart's fields and
// Cache-Control: no-store. A grant failure that revoked a family raised
// DomainEvents::InstallationRevoked inside the revoking transaction; the
// handler calls AfterCommit() once the database lock is released.
//
// Any other method on /oauth/token answers 405 invalid_request with
// Allow: POST (the router, http/router.h).
// Thread safety: see client_request.h and the grants.
#pragma once

#include "emulator/http/router.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/oauth/token_issuer.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

void HandleToken(Services& services, OAuthClients& clients, http::RequestContext& ctx);

}  // namespace revento::emulator::oauth
