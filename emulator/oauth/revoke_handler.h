// POST /oauth/revoke: token revocation (RFC 7009).
//
// The request is read and the client authenticated as at /oauth/token
// (client_request.h). Then:
//   token missing                                   400 invalid_request
//   a token issued to another integration           400 invalid_request
//   a refresh token: its whole family is revoked (reason "revoked via
//     /oauth/revoke") and DomainEvents::InstallationRevoked raised in the
//     same transaction                              200
//   an access token: that access token only          200
//   an unknown, already revoked or expired token     200 (RFC 7009 2.2)
// token_type_hint is optional; an unknown hint is ignored and both kinds are
// searched (RFC 7009 2.1). The 200 has an empty body and Cache-Control:
// no-store.
// Thread safety: takes the database lock once.
#pragma once

#include "emulator/http/router.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

void HandleRevoke(Services& services, OAuthClients& clients, http::RequestContext& ctx);

}  // namespace revento::emulator::oauth
