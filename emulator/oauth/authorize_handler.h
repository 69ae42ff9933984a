// GET /oauth/authorize: the start of the authorization code flow with PKCE.
//
// The query string is parsed from the raw request target (form_params.h).
// Checks, in CONTRACT.md's order:
//   1. client_id missing, repeated or unknown; redirect_uri missing,
//      repeated or not byte-for-byte one the integration registered:
//      400 HTML page naming the URI that arrived and the registered ones.
//      Never a redirect.
//   2. Redirects to the redirect_uri with error, error_description and the
//      caller's state:
//      a malformed or repeated parameter              invalid_request
//      response_type missing                          invalid_request
//      response_type not "code"                       unsupported_response_type
//      code_challenge missing or not 43 base64url characters,
//      code_challenge_method missing or not S256 (plain refused)
//                                                     invalid_request
//      scope missing, unknown or not declared         invalid_scope
//      event_id missing or unknown                    invalid_request
//   3. The consent page (consent_page.h) with a one-time consent id valid
//      10 minutes; with --auto-consent, a 302 to the redirect_uri with code
//      and state at once.
// Thread safety: takes the database lock per unit of work.
#pragma once

#include "emulator/http/router.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

void HandleAuthorize(Services& services, OAuthClients& clients, http::RequestContext& ctx);

}  // namespace revento::emulator::oauth
