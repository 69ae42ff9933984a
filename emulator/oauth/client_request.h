// What /oauth/token and /oauth/revoke share: reading the request and
// authenticating the client (RFC 6749 2.3.1, 3.2, 5.2).
//
// ReadClientRequest checks, in order, and on the first failure answers with
// the RFC 6749 error body itself and returns nullopt:
//   a query string on the URL                      400 invalid_request
//   Content-Type not application/x-www-form-urlencoded (a charset other
//   than UTF-8 included)                           400 invalid_request
//   a body that ParseFormParams refuses (repeated parameter, bad escape,
//   invalid UTF-8, value over 8 KiB)               400 invalid_request
//   more than one Authorization header             400 invalid_request
//   HTTP Basic and client_secret in the body       400 invalid_request
//   Basic whose client id differs from body client_id  400 invalid_request
//   an Authorization header that is not well-formed Basic
//                                                  401 invalid_client
//   no client_id, or no client_secret               401 invalid_client
// It does not look the client up: AuthenticateLocked does, inside the
// grant's own hold of the database lock (one lock hold per request):
//   unknown client_id or a wrong secret             401 invalid_client
// A 401 carries WWW-Authenticate: Basic realm="revento" when the client
// used the Authorization header. Secrets are compared in constant time.
//
// Thread safety: ReadClientRequest takes no lock; AuthenticateLocked must be
// called while holding the database lock.
#pragma once

#include "portable/expected.h"
#include <optional>
#include <string>

#include "emulator/http/router.h"
#include "emulator/oauth/form_params.h"
#include "emulator/oauth/oauth_clients.h"

namespace revento::emulator::oauth {

struct ClientRequest {
  FormParams form;
  std::string client_id;
  std::string client_secret;
  bool used_basic = false;
};

std::optional<ClientRequest> ReadClientRequest(http::RequestContext& ctx);

// The authenticated client, or the 401 invalid_client to send.
struct ClientAuthError {
  std::string description;
  bool basic = false;
};
portable::expected<OAuthClient, ClientAuthError> AuthenticateLocked(OAuthClients& clients, const ClientRequest& request);

// Sends an RFC 6749 error; a 401 gets WWW-Authenticate when `basic` is set.
void SendClientError(http::RequestContext& ctx, int status, std::string_view error, std::string_view description,
                     bool basic);

}  // namespace revento::emulator::oauth
