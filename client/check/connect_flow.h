// The recorded flow of `revento check connect`: what the browser walks did
// and what the emulator's request journal saw, gathered once by
// RecordConnectFlow before any check is graded. Every check of
// connect_checks.cc and refresh_checks.cc is a function of this record.
//
// The walks: two runs of the app's connect route as a browser (consent
// approved, back to the callback); then two forged callbacks, each with a
// fresh, unused code (a third walk stopped before the callback, or, when no
// code could be had, a code invented for that check alone, so that the
// journal attributes a token request to the right check) and a wrong state:
// a random one (c6a), and the state of run 1 (c6b).
//
// Also here: reading journal entries (their parameters, the redacted digests
// of secrets) and describing them, or a browser hop, as a report Exchange.
// Errors: an emulator that cannot be read is an Error. Thread safety: plain
// values and pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/browser/browser.h"
#include "client/check/check_result.h"
#include "client/check/connect_checks.h"
#include "client/sandbox/sandbox_client.h"
#include "client/status.h"

namespace revento::client::check {

using browser::Browser;
using browser::Hop;
using browser::Walk;

// One run of the connect flow: the browser's walk and what the emulator
// recorded for it.
struct FlowRun {
  Walk walk;
  int64_t first_seq = 0;  // journal entries in (first_seq, last_seq]
  int64_t last_seq = 0;
  nlohmann::json authorize;            // the first GET /oauth/authorize of the run, or null
  std::string code;                    // from the callback the browser followed
  std::vector<nlohmann::json> tokens;  // the token requests that carried `code`

  nlohmann::json Query() const { return authorize.is_null() ? nlohmann::json::object() : authorize["query"]; }
  // The run came back to the app with a code, which was exchanged (200), and ended on a 2xx page.
  bool Completed() const;
};

// A forged callback: a code, a wrong state, and what came of it.
struct Forgery {
  std::string code;
  bool invented = false;  // no fresh code could be had: one made up for this check
  std::string state;
  Walk walk;                           // the fresh flow stopped before the callback
  Hop callback;                        // the forged callback and the app's answer
  std::vector<nlohmann::json> tokens;  // token requests that carried `code`
};

struct ConnectRecord {
  CheckConnectConfig config;
  std::string connect_url;
  std::vector<FlowRun> runs;  // two
  Forgery forged_state;       // c6a: a random state
  Forgery replayed_state;     // c6b: the state of run 1
  std::string client_id;      // as the app sent it
  nlohmann::json integration;  // the integration of client_id, or null
};

// Drives the walks and reads the journal and the integrations.
Result<ConnectRecord> RecordConnectFlow(const CheckConnectConfig& config, sandbox::SandboxClient& control,
                                        Browser& browser);

// The connect checks (c1-c7d), graded from the record: connect_checks.cc.
std::vector<CheckResult> GradeConnect(const ConnectRecord& record);

// ---- reading journal entries ----
std::string Str(const nlohmann::json& object, const char* key);  // a parameter as text, "" when absent
bool Has(const nlohmann::json& object, const char* key);
std::string AuthorizationOf(const nlohmann::json& entry);  // the Authorization header, or ""
int StatusOf(const nlohmann::json& entry);
// The journal's redacted form of a secret ends with "sha256:<first 12 hex digits>": those digits.
std::string RedactedDigest(const nlohmann::json& value);
std::vector<nlohmann::json> RefreshRequests(const std::vector<nlohmann::json>& journal);

// ---- describing ----
// What the app (or the browser) sent to the emulator, with the parameters `keys`, and the status it got.
Exchange FromJournal(const nlohmann::json& entry, const std::vector<std::string>& keys, const std::string& who);
Exchange FromHop(const Hop& hop, const std::string& who = "browser");
// `url` with its code parameter cut to 12 characters: a code is a credential, even in a report.
std::string RedactCode(const std::string& url);
std::string RunLabel(size_t i);  // "run 1: "

extern const std::vector<std::string> kAuthorizeKeys;
extern const std::vector<std::string> kTokenKeys;
extern const std::vector<std::string> kRefreshKeys;

}  // namespace revento::client::check
