// The integration side of /oauth/token and /oauth/revoke: exchanging an
// authorization code, refreshing with rotation, and revoking (RFC 7009).
//
// Every call is one form POST through the injected http::Transport. Client
// authentication is by body (client_id and client_secret as form fields,
// the quickstart's way, the default) or HTTP Basic (ClientAuth::kBasic:
// "Authorization: Basic base64(form-encoded id ':' form-encoded secret)",
// RFC 6749 2.3.1).
//
// Errors: a transport failure is an Error with code kTransportFailed; a
// non-200 answer is an Error carrying the status, the RFC 6749 `error` as
// code and its `error_description` as detail, with a message that says what
// to do; a 200 must carry every quickstart field (access_token
// rev_install_..., refresh_token rev_refresh_..., token_type Bearer,
// expires_in, scope, event_id, organization_id) or it is a kBadResponse Error.
//
// TokenSession holds the latest token pair and rotates: each Refresh() sends
// the newest refresh token and keeps the one it gets back, so the same
// refresh token is never presented twice (which Revento punishes by
// revoking the whole family). TokenManager (token_manager.h) does this with
// storage, expiry and threads.
//
// Thread safety: TokenClient is safe to share when its transport is (the
// default one is). TokenSession is not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "client/http/transport.h"
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

enum class ClientAuth { kBody, kBasic };

struct TokenClientOptions {
  std::string auth_base = "http://localhost:8787";  // AUTH_BASE in the quickstart
  std::string client_id{};
  std::string client_secret{};
  ClientAuth client_auth = ClientAuth::kBody;
  std::chrono::milliseconds timeout{30000};
};

class TokenClient {
 public:
  explicit TokenClient(TokenClientOptions options,
                       std::shared_ptr<http::Transport> transport = http::MakeHttpTransport());
  TokenClient(const std::string& auth_base, std::string client_id, std::string client_secret);

  Result<TokenResponse> ExchangeCode(const std::string& code, const std::string& redirect_uri,
                                     const std::string& code_verifier);
  // `scope` may narrow the new access token's scope (never widen it).
  Result<TokenResponse> Refresh(const std::string& refresh_token, const std::optional<std::string>& scope = {});
  // RFC 7009: revoking a refresh token ends its whole family; an access token only itself.
  // `token_type_hint` is "access_token" or "refresh_token" when given.
  Status Revoke(const std::string& token, const std::optional<std::string>& token_type_hint = {});

  const TokenClientOptions& options() const { return options_; }

 private:
  Result<http::Response> Post(const std::string& path, std::vector<std::pair<std::string, std::string>> params);
  static Result<TokenResponse> TokenResponseOf(const Result<http::Response>& response);
  static Error ErrorOf(const std::string& what, const http::Response& response);

  TokenClientOptions options_;
  std::shared_ptr<http::Transport> transport_;
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
