// Grading an integration's OAuth connect flow against the contract
// (`revento check connect`). The checker drives the app's connect route as a
// browser would (client/browser/browser.h: redirects followed, cookies kept, the
// emulator's real consent form approved), twice, then grades what the app
// did from what the EMULATOR received: its request journal
// (GET /_sandbox/requests), never from what the app says.
//
// Layout: connect_flow.h records the walks and the journal once (a
// ConnectRecord); each check below is a named function of that record, one
// row of the table in connect_checks.cc (id, name, what it expects, the key
// of its rule and fix in fix_catalog.h, the function); refresh_checks.h does
// the same for r1-r3. Adding a check is adding a row.
//
// The checks, in order (id, name, what passes):
//   c1  flow              both runs reach the consent page, come back to the
//                         app's callback with a code, and end on a 2xx page
//   c2  pkce-s256         each authorize request: code_challenge_method=S256
//                         and a 43-character base64url code_challenge, a
//                         different one per run
//   c3a state-present     each authorize request carries a non-empty state
//   c3b state-entropy     each state holds at least 128 bits by its length:
//                         32+ characters when only hex digits, else 22+
//   c3c state-unique      the two runs' states differ
//   c4  redirect-uri      redirect_uri is byte for byte one the integration
//                         registered
//   c5  scopes            scope is present and every scope is declared by
//                         the integration
//   c6a forged-state      a callback with a fresh, valid code and a random
//                         state is refused: no token request carries that code
//   c6b replayed-state    the same with the state of run 1 (the failure says
//                         whether that flow completed)
//                         (each forgery's code is fresh; when none can be
//                         had, c6a and c6b each invent a distinct one)
//   c7a token-redirect-uri the token request repeats the authorize redirect_uri
//   c7b token-pkce        the token request carries a code_verifier whose
//                         SHA-256 (the journal's digest) matches the
//                         challenge, and the emulator answered 200
//   c7c code-once         each run's code reached /oauth/token exactly once
//   c7d client-auth       the token request authenticates the client
//                         (client_secret in the body or HTTP Basic, not both)
// With a refresh path (an app route that makes an API call; without one the
// three are skipped, and the summary names --refresh-path):
//   r1  refresh-once      after the sandbox clock passes the access token's
//                         expiry, one GET of the path causes exactly one
//                         grant_type=refresh_token request, answered 200
//   r2  refresh-rotated   after another expiry, the same again, and the
//                         refresh token sent is the rotated one (not the one
//                         of r1): no invalid_grant
//   r3  refresh-single-flight after another expiry, 20 concurrent GETs cause
//                         exactly one refresh, and no installation of the
//                         integration is revoked
// The refresh checks move the sandbox clock forward by 3601 s three times.
// Every result carries what was sent and what came back and, on failure, the
// likely bug, the rule and its fix in Node, Python and Go.
//
// Errors: an emulator that cannot be read (journal, integrations) is an
// Error; an app that does not answer fails the checks, naming the error.
// Thread safety: Run() is not reentrant; one checker per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/check/check_result.h"
#include "client/http/transport.h"
#include "client/status.h"

namespace revento::client::check {

struct CheckConnectConfig {
  std::string app;  // the app's origin, e.g. http://localhost:3000
  std::string connect_path = "/connect";
  std::optional<std::string> refresh_path;
  std::string emulator;     // the emulator's origin, e.g. http://localhost:8787
  std::string admin_token;  // X-Revento-Admin-Token for /_sandbox, when the emulator asks for one
  int concurrent_calls = 20;
  int64_t expiry_step_seconds = 3601;  // the contract's expires_in (3600) + 1
};

// What Run() learnt besides the verdicts: the integration the app used
// (from the client_id it sent), for `revento check all`.
struct ConnectFindings {
  std::string client_id;
  nlohmann::json integration;  // null when not found
};

class ConnectChecker {
 public:
  ConnectChecker(CheckConnectConfig config, std::shared_ptr<http::Transport> transport = http::MakeHttpTransport());

  Result<std::vector<CheckResult>> Run();
  const ConnectFindings& findings() const { return findings_; }

 private:
  CheckConnectConfig config_;
  std::shared_ptr<http::Transport> transport_;
  ConnectFindings findings_;
};

// The rule of c3b: the bits a state of this text holds, judged by its length
// and alphabet (4 per character when only hex digits, else 6).
int StateBits(const std::string& state);

}  // namespace revento::client::check
