// The first leg of the OAuth flow, done by the book: one AuthorizationRequest
// per attempt to connect.
//
// Create() draws a PKCE S256 pair (pkce.h) and a 256-bit `state` from
// RAND_bytes, and builds the authorize URL with the quickstart's parameters:
// response_type=code, client_id, redirect_uri, scope, event_id, state,
// code_challenge, code_challenge_method=S256 (form-encoded).
//
// ParseCallback(url) reads the URL the browser came back to (the redirect
// URI with its query): a `state` that is missing or differs (compared in
// constant time) is an Error with code kStateMismatch and nothing else is
// trusted; an OAuth error answer is an Error whose code is the `error`
// ("access_denied", "invalid_scope", ...) and whose detail is the
// `error_description`; otherwise the authorization code.
//
// Errors: Create() fails with kInvalidArgument when auth_base is not an
// http(s) URL or a required parameter is empty.
// Thread safety: an AuthorizationRequest is an immutable value.
#pragma once

#include <string>
#include <string_view>

#include "client/status.h"

namespace revento::client {

struct AuthorizationParams {
  std::string auth_base;  // "http://localhost:8787"
  std::string client_id;
  std::string redirect_uri;
  std::string scope;  // space-separated
  std::string event_id;
};

class AuthorizationRequest {
 public:
  static Result<AuthorizationRequest> Create(const AuthorizationParams& params);

  const std::string& url() const { return url_; }
  const std::string& state() const { return state_; }
  const std::string& code_verifier() const { return code_verifier_; }
  const std::string& code_challenge() const { return code_challenge_; }
  const std::string& redirect_uri() const { return redirect_uri_; }

  Result<std::string> ParseCallback(std::string_view callback_url) const;

 private:
  AuthorizationRequest() = default;
  std::string url_, state_, code_verifier_, code_challenge_, redirect_uri_;
};

// Constant-time equality of two strings (the length is not hidden).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace revento::client
