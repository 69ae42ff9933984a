// The integration side of /oauth/token: exchanging an authorization code and
// refreshing with rotation, the way the Revento quickstart does it (a form
// POST with client_id and client_secret in the body).
//
// TokenClient sends one request per call over a keep-alive httplib client.
// A non-200 answer is an Error carrying the status, the RFC 6749 error and
// its description; a 200 must carry every quickstart field (access_token
// rev_install_..., refresh_token rev_refresh_..., token_type Bearer,
// expires_in, scope, event_id, organization_id) or it is an Error too.
//
// TokenSession holds the latest token pair and rotates: each Refresh()
// sends the newest refresh token and stores the one it gets back, so the
// same refresh token is never presented twice (which Revento punishes by
// revoking the whole family).
//
// Thread safety: TokenClient and TokenSession are not thread-safe; use one
// per thread, or guard them.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "client/status.h"

namespace revento::client {

struct TokenResponse {
  std::string access_token;
  std::string refresh_token;
  std::string token_type;
  int64_t expires_in = 0;
  std::string scope;
  std::string event_id;
  std::string organization_id;
  std::string raw_json;  // the body exactly as received
};

class TokenClient {
 public:
  // `auth_base` like "http://localhost:8787" (AUTH_BASE in the quickstart).
  TokenClient(const std::string& auth_base, std::string client_id, std::string client_secret);

  Result<TokenResponse> ExchangeCode(const std::string& code, const std::string& redirect_uri,
                                     const std::string& code_verifier);
  Result<TokenResponse> Refresh(const std::string& refresh_token, const std::optional<std::string>& scope = {});

 private:
  Result<TokenResponse> Post(const std::string& body);

  std::unique_ptr<httplib::Client> http_;
  std::string client_id_;
  std::string client_secret_;
};

class TokenSession {
 public:
  TokenSession(TokenClient& client, TokenResponse initial) : client_(client), current_(std::move(initial)) {}

  // Refreshes with the newest refresh token and keeps the rotated one.
  Result<TokenResponse> Refresh();
  const TokenResponse& current() const { return current_; }

 private:
  TokenClient& client_;
  TokenResponse current_;
};

}  // namespace revento::client
