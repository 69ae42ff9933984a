// Authorization codes: issued when the user (or --auto-consent) authorizes,
// exchanged once at /oauth/token (grant_type=authorization_code).
//
// MintCode draws a new rev_code_...; IssueCodeLocked stores its digest for
// 10 minutes on the sandbox clock and returns where the user agent goes next:
// the redirect URI with code (and state). Both ways to authorize use it:
// /oauth/authorize with --auto-consent and the consent page's "authorize".
// ExchangeCode checks, in order:
//   unknown code                                       invalid_grant
//   code issued to another client                      invalid_grant
//   code already used: revokes the family created by its first exchange
//   (RFC 6749 4.1.2), reason "authorization code reuse"  invalid_grant
//   expired (now >= issued + 600 s)                    invalid_grant
//   redirect_uri not byte-identical to the authorized  invalid_grant
//   code_verifier missing, not 43-128 unreserved characters, or whose S256
//   is not the challenge                               invalid_grant
// A failed check leaves the code usable (it is not consumed). Success marks
// the code used, creates the installation (token family) bound to the
// code's (event, organization) pair and issues its first token pair, in one
// transaction.
//
// The client is authenticated (AuthenticateLocked) first, under the same
// lock hold. Thread safety: ExchangeCode takes the database lock itself.
#pragma once

#include <string>
#include <string_view>

#include "emulator/oauth/client_request.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/oauth/token_issuer.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

struct CodeRequest {
  std::string integration_id;
  std::string event_id;
  std::string organization_id;
  std::string redirect_uri;
  std::string scope;
  std::string code_challenge;
};

// A fresh code and its digest, drawn outside any lock.
struct MintedCode {
  std::string code;
  std::string hash;
};
MintedCode MintCode(IdSource& ids);

// Stores the code's digest and returns request.redirect_uri with code=, then
// state= when `state` is not empty. The caller holds the database lock.
std::string IssueCodeLocked(Services& services, const CodeRequest& request, const MintedCode& minted,
                            std::string_view state);

GrantResult ExchangeCode(Services& services, OAuthClients& clients, const ClientRequest& request, std::string_view code,
                         std::string_view redirect_uri, std::string_view code_verifier);

}  // namespace revento::emulator::oauth
