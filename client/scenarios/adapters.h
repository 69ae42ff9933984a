// The runner's seams onto the reference client: every place a scenario step
// uses a client piece goes through one of these small adapters, so that a
// richer client (an ApiClient, a WebhookVerifier with reasons, a TokenClient
// with structured errors) can replace the body of one function.
//
//   HttpPort         raw HTTP to one origin over an http::Transport (given,
//                    or a socket transport of its own; keep-alive,
//                    no redirects, a 60 s deadline per exchange and the
//                    transport's caps on the answer, paths
//                    sent exactly as written) -> Response
//   OAuthAdapter     PKCE pairs (client/oauth/pkce.h), form bodies
//                    (client/oauth/form_encoding.h), /oauth/token and
//                    /oauth/revoke answered as raw Responses (expectations
//                    need the status, headers and error body, which
//                    TokenClient folds into a message)
//   ApiAdapter       Read API requests with a bearer token
//   SignatureAdapter webhook signing and verification
//                    (client/webhooks/signature_verifier.h)
//
// Errors: a transport failure is a Response with status 0 and the reason
// as its body. Thread safety: an HttpPort (and the adapters over it) is
// used by one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "client/clock.h"
#include "client/http/transport.h"
#include "client/scenarios/response.h"
#include "client/status.h"

namespace revento::client::scenarios {

using Params = std::vector<std::pair<std::string, std::string>>;

class HttpPort {
 public:
  // `origin`: "http://127.0.0.1:8787"; `transport`: null for a socket transport of its own.
  explicit HttpPort(std::string origin, std::shared_ptr<http::Transport> transport = nullptr);

  Response Send(const std::string& method, const std::string& path, const Params& headers, const std::string& body,
                const std::string& content_type);
  const std::string& origin() const { return origin_; }
  // How long to wait for an answer (60 s unless set).
  void SetReadTimeout(std::chrono::milliseconds timeout);

 private:
  std::string origin_;
  std::shared_ptr<http::Transport> transport_;
  std::chrono::milliseconds timeout_{60'000};
};

// The Response of a request to `origin` that got no answer: status 0, the reason as its body.
Response NoAnswer(std::string what, const std::string& origin, const std::string& error);

// Splits "http://host:port/path?q" into origin and path ("/" when none).
std::pair<std::string, std::string> SplitUrl(const std::string& url);

struct Pkce {
  std::string verifier;
  std::string challenge;
};

class OAuthAdapter {
 public:
  explicit OAuthAdapter(HttpPort& http) : http_(http) {}

  static Pkce NewPkce();
  static std::string S256(const std::string& verifier);
  static std::string Form(const Params& params);
  static std::map<std::string, std::string> QueryOf(const std::string& url);

  // `client_auth`: "body" (client_id + client_secret in the form), "basic"
  // (HTTP Basic only), "both".
  Response Token(Params form, const std::string& client_id, const std::string& client_secret,
                 const std::string& client_auth);
  Response Revoke(Params form, const std::string& client_id, const std::string& client_secret);

 private:
  Response PostForm(const std::string& path, Params form, const std::string& client_id,
                    const std::string& client_secret, const std::string& client_auth);
  HttpPort& http_;
};

class ApiAdapter {
 public:
  ApiAdapter(HttpPort& http, std::string api_path) : http_(http), api_path_(std::move(api_path)) {}
  // `token` empty: no Authorization header.
  Response Call(const std::string& method, const std::string& path, const std::string& token, const std::string& accept,
                const Params& headers);

 private:
  HttpPort& http_;
  std::string api_path_;  // "/api/v1"
};

// Reads time from the injected clock: X-Revento-Timestamp is real time
// (docs/webhooks.md), never the sandbox clock, so production passes
// DefaultClock() and unit tests a fake.
class SignatureAdapter {
 public:
  explicit SignatureAdapter(Clock& clock) : clock_(clock) {}
  Status Verify(const std::string& secret, const std::string& timestamp, const std::string& signature,
                const std::string& body) const;
  static std::string Sign(const std::string& secret, const std::string& timestamp, const std::string& body);
  long long NowUnix() const;

 private:
  Clock& clock_;
};

}  // namespace revento::client::scenarios
