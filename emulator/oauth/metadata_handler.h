// GET /.well-known/oauth-authorization-server: RFC 8414 metadata.
//
// issuer is Services::public_url (--public-url, default
// http://localhost:<port>); every endpoint derives from it. Advertises
// response type code, the authorization_code and refresh_token grants,
// client_secret_post and client_secret_basic, the catalog's scopes and
// code_challenge_methods_supported ["S256"].
// Thread safety: reads immutable data.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

void HandleMetadata(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::oauth
