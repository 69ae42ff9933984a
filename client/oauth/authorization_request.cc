#include "client/oauth/authorization_request.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "client/http/transport.h"
#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"

namespace revento::client {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<AuthorizationRequest> AuthorizationRequest::Create(const AuthorizationParams& params) {
  if (auto base = http::ParseUrl(params.auth_base); !base) return portable::unexpected(base.error());
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"client_id", params.client_id},
                                    {"redirect_uri", params.redirect_uri},
                                    {"scope", params.scope},
                                    {"event_id", params.event_id}}) {
    if (value.empty()) return Fail(kInvalidArgument, std::string(name) + " is empty: give the integration's " + name);
  }
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) return Fail("RAND_bytes failed: the system has no randomness to draw");
  AuthorizationRequest request;
  request.state_ = Base64Url(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
  PkcePair pkce = NewPkcePair();
  request.code_verifier_ = pkce.verifier;
  request.code_challenge_ = pkce.challenge;
  request.redirect_uri_ = params.redirect_uri;
  std::string base = params.auth_base;
  while (base.ends_with('/')) base.pop_back();
  request.url_ = base + "/oauth/authorize?" +
                 FormEncode({{"response_type", "code"},
                             {"client_id", params.client_id},
                             {"redirect_uri", params.redirect_uri},
                             {"scope", params.scope},
                             {"event_id", params.event_id},
                             {"state", request.state_},
                             {"code_challenge", request.code_challenge_},
                             {"code_challenge_method", "S256"}});
  return request;
}

namespace {

// What the integration does next for each RFC 6749 4.1.2.1 error.
std::string WhatToDoAbout(const std::string& oauth_error) {
  if (oauth_error == "access_denied") return "approve the consent to connect";
  if (oauth_error == "invalid_scope") return "ask only for scopes the integration declares, then connect again";
  if (oauth_error == "server_error" || oauth_error == "temporarily_unavailable") return "connect again later";
  return "fix the authorize parameters the description names, then connect again";
}

}  // namespace

Result<std::string> AuthorizationRequest::ParseCallback(std::string_view callback_url) const {
  auto query = DecodeQueryOf(callback_url);
  auto state = query.find("state");
  if (state == query.end() || !ConstantTimeEquals(state->second, state_)) {
    return Fail(kStateMismatch,
                "the callback's state does not match this authorization request (a stale or forged callback): "
                "start the connection again");
  }
  if (auto error = query.find("error"); error != query.end()) {
    Error e{"authorization refused: " + error->second +
            (query.count("error_description") ? " (" + query["error_description"] + ")" : "") + ": " +
            WhatToDoAbout(error->second)};
    e.code = error->second;
    e.detail = query["error_description"];
    return portable::unexpected(std::move(e));
  }
  auto code = query.find("code");
  if (code == query.end() || code->second.empty()) {
    return Fail(kBadResponse, "the callback carries neither a code nor an error: start the connection again");
  }
  return code->second;
}

}  // namespace revento::client
