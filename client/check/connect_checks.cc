#include "client/check/connect_checks.h"

#include <algorithm>
#include <initializer_list>
#include <sstream>

#include "client/check/connect_flow.h"
#include "client/check/fix_catalog.h"
#include "client/check/refresh_checks.h"
#include "client/check/report_text.h"
#include "client/encoding.h"

namespace revento::client::check {

namespace {

using nlohmann::json;

// A failure whose cause is not the app's code but its reachability: a rule, no code to paste.
void Unreachable(CheckResult& r, const ConnectRecord& f, std::string problem, const std::string& what) {
  Fail(r, std::move(problem), "the app is not running, or " + what + " is not served by it",
       "check that the app is running at " + f.config.app + " and the emulator at " + f.config.emulator);
  r.rule = "the app answers its connect route and its redirect URI; the emulator answers at --emulator";
}

constexpr std::string_view kNoAuthorize = "no GET /oauth/authorize reached the emulator in this run (see c1)";

bool IsBase64Url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

// ---- what the checks show ----

void AuthorizeExchanges(const ConnectRecord& f, CheckResult& r) {
  for (size_t i = 0; i < f.runs.size(); ++i) {
    if (!f.runs[i].authorize.is_null()) {
      r.exchanges.push_back(FromJournal(f.runs[i].authorize, kAuthorizeKeys, "run " + std::to_string(i + 1)));
    }
  }
}

void TokenExchanges(const ConnectRecord& f, CheckResult& r) {
  for (size_t i = 0; i < f.runs.size(); ++i) {
    for (const auto& e : f.runs[i].tokens) r.exchanges.push_back(FromJournal(e, kTokenKeys, "run " + std::to_string(i + 1)));
  }
}

// ---- preconditions: false (and r failed) when the check cannot be graded ----

// A precondition every run must meet before a check can grade it, as a row:
// the test of the run, the finding when it is not met (after "run N: "), its
// cause, the fix and the fix catalog's key (fix_catalog.h).
struct RunPrecondition {
  bool (*met)(const FlowRun&);
  std::string_view finding;
  std::string_view cause;
  std::string (*fix)(const ConnectRecord&);
  std::string_view fix_key;
};

constexpr RunPrecondition kAuthorized{
    [](const FlowRun& run) { return !run.authorize.is_null(); }, kNoAuthorize,
    "the connect route does not redirect to the emulator's /oauth/authorize",
    [](const ConnectRecord& f) {
      return "make the connect route redirect to " + f.config.emulator + "/oauth/authorize as the rule says";
    },
    "connect-route"};
constexpr RunPrecondition kGotCode{[](const FlowRun& run) { return !run.code.empty(); },
                                   "the flow produced no code (see c1)",
                                   "the authorize request was refused or never sent",
                                   [](const ConnectRecord&) { return std::string("fix c1 first"); }, "connect-route"};
constexpr RunPrecondition kExchangedCode{
    [](const FlowRun& run) { return !run.tokens.empty(); },
    "no POST /oauth/token carried the code the callback received",
    "the callback does not exchange the code (or sends it to another AUTH_BASE)",
    [](const ConnectRecord& f) { return "exchange the code at " + f.config.emulator + "/oauth/token (AUTH_BASE)"; },
    "token-exchange"};

// Run by run, the first precondition a run does not meet fails r.
bool EachRunMeets(const ConnectRecord& f, CheckResult& r, std::initializer_list<RunPrecondition> preconditions) {
  for (size_t i = 0; i < f.runs.size(); ++i) {
    for (const RunPrecondition& p : preconditions) {
      if (p.met(f.runs[i])) continue;
      Fail(r, RunLabel(i) + std::string(p.finding), std::string(p.cause), p.fix(f));
      ApplyFix(r, p.fix_key);
      return false;
    }
  }
  return true;
}

bool EachRunAuthorized(const ConnectRecord& f, CheckResult& r) { return EachRunMeets(f, r, {kAuthorized}); }

// Each run must have a code and at least one token request for it.
bool EachRunExchanged(const ConnectRecord& f, CheckResult& r) { return EachRunMeets(f, r, {kGotCode, kExchangedCode}); }

bool IntegrationKnown(const ConnectRecord& f, CheckResult& r) {
  if (!f.integration.is_null()) return true;
  Fail(r, "no integration has client_id \"" + f.client_id + "\" (GET /_sandbox/integrations)",
       "the app sends a client_id this emulator does not know",
       "set REVENTO_CLIENT_ID to the client id the emulator's banner prints, or register the app (POST "
       "/_sandbox/integrations)");
  r.rule = "the client_id is the one the emulator registered for the app";
  return false;
}

// ---- the checks ----

void GradeFlow(const ConnectRecord& f, CheckResult& r) {
  for (size_t i = 0; i < f.runs.size(); ++i) {
    for (const auto& hop : f.runs[i].walk.hops) r.exchanges.push_back(FromHop(hop, "run " + std::to_string(i + 1)));
  }
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    const FlowRun& run = f.runs[i];
    const Hop& last = run.walk.Last();
    if (last.status == 0) {
      Unreachable(r, f, RunLabel(i) + last.error, "its connect route");
    } else if (run.authorize.is_null()) {
      Fail(r, RunLabel(i) + "GET " + f.connect_url + " never led to the emulator's /oauth/authorize",
           "the connect route does not redirect to the emulator's authorize endpoint (or AUTH_BASE points elsewhere)",
           "redirect to the emulator's /oauth/authorize as the rule says; set AUTH_BASE to " + f.config.emulator);
      ApplyFix(r, "connect-route");
    } else if (run.code.empty()) {
      Fail(r,
           RunLabel(i) + "the emulator did not send the browser back with a code; its last answer was " +
               std::to_string(last.status) + " \"" + Excerpt(last.body) + "\"",
           "the emulator refused the authorize request (see c2, c4, c5: a redirect_uri not registered, a missing "
           "or plain PKCE challenge, an undeclared scope)",
           "fix the authorize request as the failing checks below say");
    } else if (last.status < 200 || last.status >= 300) {
      Fail(r, RunLabel(i) + "the app's callback ended on " + std::to_string(last.status) + " \"" + Excerpt(last.body) + "\"",
           "the callback refused its own flow (a state stored per request but not found: compare the cookie's host "
           "with the redirect URI's), or the token exchange failed (see c7)",
           "keep the state where the callback can read it (a cookie or session on the redirect URI's host) and "
           "exchange the code as c7 says");
      ApplyFix(r, "state");
    }
  }
}

void GradePkce(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r)) return;
  const std::string fix = "make a new code_verifier per connect and send its S256 challenge";
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    json q = f.runs[i].Query();
    std::string method = Str(q, "code_challenge_method");
    std::string challenge = Str(q, "code_challenge");
    if (challenge.empty()) {
      Fail(r, RunLabel(i) + "no code_challenge", "the app does not use PKCE (the contract requires it of every client)",
           fix);
    } else if (method != "S256") {
      Fail(r, RunLabel(i) + "code_challenge_method=" + (Has(q, "code_challenge_method") ? method : "(absent)"),
           method.empty() ? "the app leaves out code_challenge_method, which means plain (RFC 7636 4.3)"
                          : "the app uses the plain method, which sends the verifier itself in the URL",
           "send code_challenge_method=S256 and code_challenge = BASE64URL(SHA256(verifier))");
    } else if (challenge.size() != 43 || !IsBase64Url(challenge)) {
      Fail(r,
           RunLabel(i) + "code_challenge is " + std::to_string(challenge.size()) + " characters \"" +
               Excerpt(challenge, 60) + "\", not 43 base64url characters",
           "the challenge is not unpadded base64url of a SHA-256 digest (padding '=', '+' or '/', or hex)",
           "encode the SHA-256 digest's 32 bytes as base64url without padding");
    }
  }
  if (r.passed && Str(f.runs[0].Query(), "code_challenge") == Str(f.runs[1].Query(), "code_challenge")) {
    Fail(r, "both runs sent the same code_challenge " + Str(f.runs[0].Query(), "code_challenge"),
         "the code_verifier is a constant (or generated once per process)", "generate a new code_verifier for every connect");
  }
}

const std::string kStateFix =
    "generate state per request from a CSPRNG, store it in the user's session or a cookie, and on the callback compare "
    "it with the returned state before using the code";

void GradeStatePresent(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r)) return;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    if (Str(f.runs[i].Query(), "state").empty()) {
      Fail(r, RunLabel(i) + "no state",
           "the app sends no state, so nothing ties the callback to the browser that started the flow (CSRF, RFC 6749 "
           "10.12)",
           kStateFix);
    }
  }
}

void GradeStateEntropy(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r)) return;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    std::string state = Str(f.runs[i].Query(), "state");
    if (StateBits(state) < 128) {
      Fail(r,
           RunLabel(i) + "state \"" + Excerpt(state, 60) + "\" is " + std::to_string(state.size()) +
               " characters, at most " + std::to_string(StateBits(state)) + " bits",
           state.empty() ? "the app sends no state" : "the state is short or hand-written, so it can be guessed",
           kStateFix);
    }
  }
}

void GradeStateUnique(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r)) return;
  std::string first = Str(f.runs[0].Query(), "state");
  if (first == Str(f.runs[1].Query(), "state")) {
    Fail(r, "both runs sent state \"" + Excerpt(first, 60) + "\"",
         "the state is a constant, so an attacker knows it and can make a victim's browser finish the attacker's flow "
         "(login CSRF)",
         kStateFix);
  }
}

void GradeRedirectUri(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r) || !IntegrationKnown(f, r)) return;
  std::vector<std::string> registered = f.integration.value("redirect_uris", std::vector<std::string>{});
  std::string list;
  for (const auto& u : registered) list += (list.empty() ? "" : ", ") + u;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    std::string sent = Str(f.runs[i].Query(), "redirect_uri");
    if (std::find(registered.begin(), registered.end(), sent) == registered.end()) {
      Fail(r, RunLabel(i) + "redirect_uri \"" + sent + "\" is not registered (" + list + ")",
           "the app builds its redirect URI (another host, port, path or a trailing slash) instead of using the "
           "registered one",
           "send exactly a registered URI, byte for byte (" + list +
               "), from configuration, and the same one in the token request");
    }
  }
}

void GradeScopes(const ConnectRecord& f, CheckResult& r) {
  AuthorizeExchanges(f, r);
  if (!EachRunAuthorized(f, r) || !IntegrationKnown(f, r)) return;
  std::vector<std::string> declared = f.integration.value("scopes", std::vector<std::string>{});
  std::string list;
  for (const auto& s : declared) list += (list.empty() ? "" : " ") + s;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    std::string scope = Str(f.runs[i].Query(), "scope");
    std::istringstream words(scope);
    std::string word, undeclared;
    while (words >> word) {
      if (std::find(declared.begin(), declared.end(), word) == declared.end()) {
        undeclared += (undeclared.empty() ? "" : ", ") + word;
      }
    }
    if (scope.find_first_not_of(' ') == std::string::npos) {
      Fail(r, RunLabel(i) + "no scope", "the app asks for no scope",
           "ask for the scopes your integration needs, space-separated, from those declared: " + list);
    } else if (!undeclared.empty()) {
      Fail(r, RunLabel(i) + "scope \"" + scope + "\" includes undeclared " + undeclared,
           "the app asks for scopes its manifest does not declare (the emulator answers invalid_scope)",
           "ask only for declared scopes (" + list + "), or declare the scope in the integration's manifest");
    }
  }
}

// c6: a forged callback is refused when no token request carries its code.
void GradeForgery(const ConnectRecord& f, CheckResult& r, const Forgery& forgery, const std::string& state_words) {
  if (!forgery.walk.hops.empty()) {
    r.exchanges.push_back(FromHop(forgery.walk.hops.front(), "fresh flow"));
    if (forgery.walk.stopped_at) {
      r.exchanges.push_back({"fresh flow: stopped before " + Excerpt(RedactCode(*forgery.walk.stopped_at), 160),
                             "an unused code " + Excerpt(forgery.code, 12),
                             0,
                             {{"sent", {{"stopped_before", RedactCode(*forgery.walk.stopped_at)}}}, {"received", nullptr}}});
    }
  }
  r.exchanges.push_back(FromHop(forgery.callback, "forged callback"));
  for (const auto& entry : forgery.tokens) r.exchanges.push_back(FromJournal(entry, kTokenKeys, "app"));
  if (forgery.invented) r.title += " (no fresh code: one invented for this check was sent)";
  if (forgery.callback.status == 0) {
    Unreachable(r, f, "the app did not answer the forged callback: " + forgery.callback.error, "its redirect URI");
  } else if (!forgery.tokens.empty()) {
    Fail(r,
         "the app answered the forged callback " + std::to_string(forgery.callback.status) +
             " and sent its code to /oauth/token (" + std::to_string(forgery.tokens.size()) + " request(s), emulator " +
             std::to_string(StatusOf(forgery.tokens.front())) + ")",
         "the callback does not compare the returned state with the one it generated for this browser (" + state_words +
             ")",
         kStateFix + "; refuse (400) any callback whose state does not match, without using its code");
  }
}

void GradeForgedState(const ConnectRecord& f, CheckResult& r) {
  GradeForgery(f, r, f.forged_state, "a random state was accepted");
}

void GradeReplayedState(const ConnectRecord& f, CheckResult& r) {
  const FlowRun& first = f.runs[0];
  std::string words = first.Completed()
                          ? "the state of run 1, a flow that completed, was accepted again"
                          : "the state of run 1 was accepted; that flow never completed (" +
                                std::string(first.code.empty() ? "it brought back no code"
                                            : first.tokens.empty() ? "its code was never exchanged"
                                                                   : "its exchange or its last page failed") +
                                "), so its state was still pending: a state must belong to this browser and be used once";
  GradeForgery(f, r, f.replayed_state, words);
}

void GradeTokenRedirectUri(const ConnectRecord& f, CheckResult& r) {
  TokenExchanges(f, r);
  if (!EachRunExchanged(f, r)) return;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    const json& form = f.runs[i].tokens.front()["form"];
    std::string authorized = Str(f.runs[i].Query(), "redirect_uri");
    if (!Has(form, "redirect_uri") || Str(form, "redirect_uri") != authorized) {
      Fail(r,
           RunLabel(i) + "token redirect_uri \"" + (Has(form, "redirect_uri") ? Str(form, "redirect_uri") : "(absent)") +
               "\", authorize \"" + authorized + "\"",
           "the token request builds its redirect_uri separately (or leaves it out); the emulator answers invalid_grant",
           "send the same redirect_uri constant in both requests");
    }
  }
}

void GradeTokenPkce(const ConnectRecord& f, CheckResult& r) {
  TokenExchanges(f, r);
  if (!EachRunExchanged(f, r)) return;
  const std::string fix =
      "keep the code_verifier of this browser's connect (in its session, not a global shared by every user) and send "
      "it with the code";
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    const json& token = f.runs[i].tokens.front();
    auto challenge = Base64UrlDecode(Str(f.runs[i].Query(), "code_challenge"));
    std::string challenge_hex = challenge ? Hex(*challenge) : "";
    std::string verifier_digest = RedactedDigest(token["form"]["code_verifier"]);
    if (!Has(token["form"], "code_verifier")) {
      Fail(r, RunLabel(i) + "no code_verifier in the token request", "the app does not send the PKCE verifier", fix);
    } else if (verifier_digest.empty() || challenge_hex.empty() || !challenge_hex.starts_with(verifier_digest)) {
      Fail(r,
           RunLabel(i) + "SHA-256 of the code_verifier starts " + verifier_digest + ", the code_challenge decodes to " +
               challenge_hex.substr(0, 12),
           "the verifier sent is not the one this challenge was made from (a verifier shared across flows and "
           "overwritten by a later connect, or a challenge computed over something else)",
           fix);
    } else if (StatusOf(token) != 200) {
      Fail(r, RunLabel(i) + "the emulator answered the exchange " + std::to_string(StatusOf(token)),
           "the exchange was refused although the verifier matches (see c7a and c7d)",
           "fix the redirect_uri and the client authentication of the token request");
    }
  }
}

void GradeCodeOnce(const ConnectRecord& f, CheckResult& r) {
  TokenExchanges(f, r);
  if (!EachRunExchanged(f, r)) return;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    if (f.runs[i].tokens.size() != 1) {
      Fail(r,
           RunLabel(i) + "the code was sent to /oauth/token " + std::to_string(f.runs[i].tokens.size()) + " times",
           "the app retries the exchange or exchanges the code on every visit of the callback; a second use is "
           "invalid_grant and revokes every token issued from the code",
           "exchange a code once; on an error show it rather than retrying with the same code");
    }
  }
}

void GradeClientAuth(const ConnectRecord& f, CheckResult& r) {
  TokenExchanges(f, r);
  if (!EachRunExchanged(f, r)) return;
  for (size_t i = 0; i < f.runs.size() && r.passed; ++i) {
    const json& token = f.runs[i].tokens.front();
    bool body = Has(token["form"], "client_secret");
    bool basic = AuthorizationOf(token).starts_with("Basic ");
    if (!body && !basic) {
      Fail(r, RunLabel(i) + "neither client_secret nor an Authorization: Basic header",
           "the app does not authenticate; the emulator answers 401 invalid_client",
           "send client_id and client_secret in the form body, or HTTP Basic");
    } else if (body && basic) {
      Fail(r, RunLabel(i) + "client_secret in the body and an Authorization: Basic header",
           "the app authenticates twice; the contract allows one method (invalid_request)",
           "use one: the form body (client_id + client_secret) or HTTP Basic");
    } else if (StatusOf(token) == 401) {
      Fail(r, RunLabel(i) + "the emulator answered 401 invalid_client",
           "the client id or secret is wrong (an old secret, or another integration's)",
           "use REVENTO_CLIENT_ID and REVENTO_CLIENT_SECRET as the emulator's banner prints them");
    }
  }
}

// One row per check: what it is, the rule of its fix (fix_catalog.h), and the function that grades it.
struct ConnectCheck {
  std::string_view id, name, title, expected, fix_key;
  void (*grade)(const ConnectRecord&, CheckResult&);
};

// clang-format off
constexpr ConnectCheck kConnectChecks[] = {
    {"c1", "flow", "the connect flow, twice, as a browser: consent approved, back to the callback",
     "both runs reach the consent page, return to the app with a code and end on a 2xx page", "token-exchange", GradeFlow},
    {"c2", "pkce-s256", "PKCE with S256 on every authorize request",
     "code_challenge_method=S256 and a 43-character base64url code_challenge, new each run", "pkce", GradePkce},
    {"c3a", "state-present", "a state on every authorize request", "a non-empty state", "state", GradeStatePresent},
    {"c3b", "state-entropy", "state holds at least 128 bits",
     "at least 32 characters when only hex digits, else at least 22", "state", GradeStateEntropy},
    {"c3c", "state-unique", "a different state on each run", "the two runs' states differ", "state", GradeStateUnique},
    {"c4", "redirect-uri", "the exact registered redirect_uri",
     "redirect_uri byte for byte one the integration registered", "redirect-uri", GradeRedirectUri},
    {"c5", "scopes", "scopes the integration declared", "scope present, every scope declared", "scopes", GradeScopes},
    {"c6a", "forged-state", "a callback with a fresh, valid code and a wrong state",
     "refused: no token request carries that code", "state", GradeForgedState},
    {"c6b", "replayed-state", "a callback with a fresh, valid code and the state of run 1",
     "refused: no token request carries that code", "state", GradeReplayedState},
    {"c7a", "token-redirect-uri", "the token request repeats the authorize redirect_uri",
     "redirect_uri identical to the authorize request's", "redirect-uri", GradeTokenRedirectUri},
    {"c7b", "token-pkce", "the code_verifier matches the challenge",
     "code_verifier present, SHA-256 matching the code_challenge, token answered 200", "pkce", GradeTokenPkce},
    {"c7c", "code-once", "each code exchanged once", "exactly one token request per code", "token-exchange", GradeCodeOnce},
    {"c7d", "client-auth", "the token request authenticates the client",
     "client_id + client_secret in the body, or HTTP Basic, not both", "client-auth", GradeClientAuth},
};
// clang-format on

}  // namespace

int StateBits(const std::string& state) {
  bool hex = !state.empty() && std::all_of(state.begin(), state.end(), [](unsigned char c) { return std::isxdigit(c); });
  return static_cast<int>(state.size()) * (hex ? 4 : 6);
}

std::vector<CheckResult> GradeConnect(const ConnectRecord& record) {
  std::vector<CheckResult> results;
  for (const auto& check : kConnectChecks) {
    CheckResult r{std::string(check.id), std::string(check.name), std::string(check.title), std::string(check.expected)};
    r.passed = true;
    check.grade(record, r);
    if (!r.passed && r.rule.empty()) ApplyFix(r, check.fix_key);
    results.push_back(std::move(r));
  }
  return results;
}

ConnectChecker::ConnectChecker(CheckConnectConfig config, std::shared_ptr<http::Transport> transport)
    : config_(std::move(config)), transport_(std::move(transport)) {}

Result<std::vector<CheckResult>> ConnectChecker::Run() {
  auto control = sandbox::SandboxClient::Connect(config_.emulator, config_.admin_token, transport_);
  if (!control) return portable::unexpected(control.error());
  Browser browser(transport_);
  auto record = RecordConnectFlow(config_, *control, browser);
  if (!record) return portable::unexpected(record.error());
  findings_ = {record->client_id, record->integration};
  std::vector<CheckResult> results = GradeConnect(*record);
  if (!config_.refresh_path) {
    auto skipped = SkippedRefreshChecks(kNoRefreshPath);
    results.insert(results.end(), skipped.begin(), skipped.end());
    return results;
  }
  auto refresh = RecordRefreshFlow(*record, *control, browser);
  if (!refresh) return portable::unexpected(refresh.error());
  auto graded = GradeRefresh(*refresh);
  results.insert(results.end(), graded.begin(), graded.end());
  return results;
}

}  // namespace revento::client::check
