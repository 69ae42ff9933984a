#include "client/check/connect_checks.h"

#include <openssl/sha.h>
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "client/check/browser_session.h"
#include "client/sandbox/sandbox_client.h"
#include "client/oauth/form_encoding.h"

namespace revento::client::check {

namespace {

using nlohmann::json;

// A code that looks like the emulator's (43 base64url characters), used for
// a forged callback when the app's flow never produced a fresh one.
constexpr std::string_view kInventedCode = "rcForgedCodeXw3kLm9pQ2vT8yZb4nHj6sDf1gAe5uR";
constexpr std::string_view kForgedState = "forged-by-revento-check-0123456789abcdef";

std::string Excerpt(const std::string& text, size_t max = 80) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (text.size() > max) out += "...";
  return out;
}

std::string Millis(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Hex(digest, sizeof(digest));
}

bool IsBase64Url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

// The hex of base64url `text` (no padding), or "" when it is not base64url.
std::string Base64UrlToHex(std::string_view text) {
  if (!IsBase64Url(text)) return "";
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '-'             ? 62
                                   : 63;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return Hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// The journal's redacted form ends with "sha256:<first 12 hex digits>".
std::string RedactedDigest(const json& value) {
  if (!value.is_string()) return "";
  const std::string& text = value.get_ref<const std::string&>();
  size_t at = text.rfind("sha256:");
  return at == std::string::npos ? "" : text.substr(at + 7);
}

bool CarriesSecret(const json& value, const std::string& secret) {
  std::string digest = RedactedDigest(value);
  return !digest.empty() && !secret.empty() && Sha256Hex(secret).starts_with(digest);
}

std::string Str(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const json& v = object[key];
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

bool Has(const json& object, const char* key) { return object.is_object() && object.contains(key); }

// The Authorization header of a journal entry (any spelling of the name), or "".
std::string AuthorizationOf(const json& entry) {
  if (!entry.contains("headers") || !entry["headers"].is_object()) return "";
  for (const auto& [name, value] : entry["headers"].items()) {
    if (name.size() == 13 && strncasecmp(name.c_str(), "Authorization", 13) == 0 && value.is_string()) {
      return value.get<std::string>();
    }
  }
  return "";
}

int StatusOf(const json& entry) { return entry.value("status", 0); }

std::string PathOf(const std::string& url) {
  auto parsed = http::ParseUrl(url);
  return parsed ? parsed->target.substr(0, parsed->target.find('?')) : url;
}

// `url` with the value of its `code` parameter cut to 12 characters: an
// authorization code is a credential, even for a report.
std::string RedactCode(const std::string& url) {
  std::string out = url;
  for (size_t at = out.find("code="); at != std::string::npos; at = out.find("code=", at + 5)) {
    if (at == 0 || (out[at - 1] != '?' && out[at - 1] != '&')) continue;
    size_t start = at + 5;
    size_t end = out.find_first_of("&#", start);
    if (end == std::string::npos) end = out.size();
    if (end - start > 12) out.replace(start + 12, end - start - 12, "...");
  }
  return out;
}

// One journal entry as a report exchange: what the app (or the browser) sent
// to the emulator, with the parameters that matter, and the status it got.
Exchange FromJournal(const json& entry, const std::vector<std::string>& keys, const std::string& who) {
  const json& params = entry.value("method", "") == "GET" ? entry["query"] : entry["form"];
  std::string line = who + ": " + entry.value("method", "") + " " + entry.value("path", "");
  for (const auto& key : keys) {
    if (!Has(params, key.c_str())) {
      line += " " + key + "=(absent)";
      continue;
    }
    std::string value = Str(params, key.c_str());
    line += " " + key + "=" + (value.size() > 70 ? value.substr(0, 67) + "..." : value);
  }
  if (std::string auth = AuthorizationOf(entry); !auth.empty()) line += " Authorization: " + auth;
  std::string received = "emulator answered " + std::to_string(StatusOf(entry));
  return {line, received, 0, {{"sent", entry}, {"received", {{"status", StatusOf(entry)}}}}};
}

Exchange FromHop(const Hop& hop, const std::string& who = "browser") {
  std::string received;
  if (hop.status == 0) {
    received = hop.error;
  } else {
    received = std::to_string(hop.status);
    if (!hop.location.empty()) received += " -> " + Excerpt(RedactCode(hop.location), 120);
    if (hop.location.empty() && !hop.body.empty()) received += " \"" + Excerpt(hop.body) + "\"";
  }
  received += " in " + Millis(hop.duration_ms);
  json detail = {{"sent", {{"method", hop.method}, {"url", RedactCode(hop.url)}}},
                 {"received",
                  {{"status", hop.status == 0 ? json(nullptr) : json(hop.status)},
                   {"location", hop.location.empty() ? json(nullptr) : json(RedactCode(hop.location))},
                   {"body", hop.body.substr(0, 1024)},
                   {"error", hop.error.empty() ? json(nullptr) : json(hop.error)}}}};
  return {who + ": " + hop.method + " " + RedactCode(hop.url), received, hop.duration_ms, std::move(detail)};
}

// One run of the connect flow: the browser's walk and what the emulator
// recorded for it.
struct FlowRun {
  Walk walk;
  int64_t first_seq = 0;  // journal entries in (first_seq, last_seq]
  int64_t last_seq = 0;
  json authorize;    // the first GET /oauth/authorize of the run, or null
  std::string code;  // from the callback the browser followed
  std::string callback_url;

  json Query() const { return authorize.is_null() ? json::object() : authorize["query"]; }
};

bool IsTokenRequest(const json& entry) {
  return entry.value("method", "") == "POST" && entry.value("path", "") == "/oauth/token";
}

std::string GrantOf(const json& entry) { return Str(entry["form"], "grant_type"); }

// Token requests (any grant) whose `code` is this code.
std::vector<json> TokenRequestsFor(const std::vector<json>& journal, const std::string& code) {
  std::vector<json> out;
  for (const auto& entry : journal) {
    if (IsTokenRequest(entry) && CarriesSecret(entry["form"]["code"], code)) out.push_back(entry);
  }
  return out;
}

std::vector<json> RefreshRequests(const std::vector<json>& journal) {
  std::vector<json> out;
  for (const auto& entry : journal) {
    if (IsTokenRequest(entry) && GrantOf(entry) == "refresh_token") out.push_back(entry);
  }
  return out;
}

void Fail(CheckResult& r, std::string problem, std::string bug, std::string fix) {
  r.passed = false;
  r.problem = std::move(problem);
  r.bug = std::move(bug);
  r.fix = std::move(fix);
}

const std::vector<std::string> kAuthorizeKeys = {"client_id", "redirect_uri",   "scope",
                                                 "state",     "code_challenge", "code_challenge_method"};
const std::vector<std::string> kTokenKeys = {"grant_type",    "code",      "redirect_uri",
                                             "code_verifier", "client_id", "client_secret"};
const std::vector<std::string> kRefreshKeys = {"grant_type", "refresh_token", "client_id", "client_secret"};

constexpr std::string_view kNoAuthorize = "no GET /oauth/authorize reached the emulator in this run (see c1)";
constexpr std::string_view kFlowFix =
    "make the connect route answer 302 to <emulator>/oauth/authorize with response_type=code, client_id, "
    "redirect_uri, scope, event_id, state, code_challenge and code_challenge_method=S256";

}  // namespace

int StateBits(const std::string& state) {
  bool hex =
      !state.empty() && std::all_of(state.begin(), state.end(), [](unsigned char c) { return std::isxdigit(c); });
  return static_cast<int>(state.size()) * (hex ? 4 : 6);
}

ConnectChecker::ConnectChecker(CheckConnectConfig config, std::shared_ptr<http::Transport> transport)
    : config_(std::move(config)), transport_(std::move(transport)) {}

Result<std::vector<CheckResult>> ConnectChecker::Run() {
  auto connected = sandbox::SandboxClient::Connect(config_.emulator, config_.admin_token, transport_);
  if (!connected) return std::unexpected(connected.error());
  sandbox::SandboxClient& control = *connected;
  BrowserSession browser(transport_);
  const std::string connect_url = config_.app + config_.connect_path;

  auto start = control.LastSeq();
  if (!start) return std::unexpected(start.error());
  std::vector<FlowRun> runs(2);
  int64_t seq = *start;
  for (auto& run : runs) {
    run.first_seq = seq;
    run.walk = browser.Get(connect_url);
    auto last = control.LastSeq();
    if (!last) return std::unexpected(last.error());
    run.last_seq = seq = *last;
    for (const auto& hop : run.walk.hops) {
      auto query = DecodeQueryOf(hop.url);
      if (query.contains("code") && !PathOf(hop.url).starts_with("/oauth/")) {
        run.code = query["code"];
        run.callback_url = hop.url;
        break;
      }
    }
  }
  auto journal = control.JournalAfter(*start);
  if (!journal) return std::unexpected(journal.error());
  for (auto& run : runs) {
    for (const auto& entry : *journal) {
      int64_t s = entry.value("seq", int64_t{0});
      if (s > run.first_seq && s <= run.last_seq && entry.value("method", "") == "GET" &&
          entry.value("path", "") == "/oauth/authorize") {
        run.authorize = entry;
        break;
      }
    }
  }
  findings_.client_id = Str(runs[0].Query(), "client_id");
  if (findings_.client_id.empty()) findings_.client_id = Str(runs[1].Query(), "client_id");
  auto integrations = control.Integrations();
  if (!integrations) return std::unexpected(integrations.error());
  findings_.integration = nullptr;
  for (const auto& integration : *integrations) {
    if (integration.value("client_id", "") == findings_.client_id && !findings_.client_id.empty()) {
      findings_.integration = integration;
    }
  }
  const std::string redirect_uri = Str(runs[0].Query(), "redirect_uri");

  // Forged callbacks: a fresh, valid code (a third walk stopped before the
  // callback) with a wrong state, sent with the browser's cookies.
  struct Forgery {
    std::string code;
    bool invented = false;
    Walk walk;
    Hop callback;
  };
  auto forge = [&](const std::string& state) {
    Forgery f;
    if (!redirect_uri.empty()) {
      f.walk = browser.Get(connect_url, redirect_uri);
      if (f.walk.stopped_at) f.code = DecodeQueryOf(*f.walk.stopped_at)["code"];
    }
    if (f.code.empty()) {
      f.code = std::string(kInventedCode);
      f.invented = true;
    }
    std::string target = redirect_uri.empty() ? config_.app + "/callback" : redirect_uri;
    target += (target.find('?') == std::string::npos ? "?" : "&");
    target += "code=" + FormEncodeComponent(f.code) + "&state=" + FormEncodeComponent(state);
    f.callback = browser.Fetch(target);
    return f;
  };
  Forgery forged_state = forge(std::string(kForgedState));
  const std::string first_state = Str(runs[0].Query(), "state");
  Forgery replayed_state = forge(first_state);

  std::vector<CheckResult> results;

  // ---- c1 flow ----
  {
    CheckResult r{"c1", "flow", "the connect flow, twice, as a browser: consent approved, back to the callback",
                  "both runs reach the consent page, return to the app with a code and end on a 2xx page"};
    r.passed = true;
    for (size_t i = 0; i < runs.size(); ++i) {
      const auto& run = runs[i];
      for (const auto& hop : run.walk.hops) r.exchanges.push_back(FromHop(hop, "run " + std::to_string(i + 1)));
      if (!r.passed) continue;
      const Hop& last = run.walk.Last();
      std::string which = "run " + std::to_string(i + 1) + ": ";
      if (last.status == 0) {
        Fail(r, which + last.error, "the app (or the emulator) did not answer",
             "check that the app is running at " + config_.app + " and the emulator at " + config_.emulator);
      } else if (run.authorize.is_null()) {
        Fail(r, which + "GET " + connect_url + " never led to the emulator's /oauth/authorize",
             "the connect route does not redirect to the emulator's authorize endpoint (or AUTH_BASE points "
             "elsewhere)",
             std::string(kFlowFix) + "; set AUTH_BASE to " + config_.emulator);
      } else if (run.code.empty()) {
        Fail(r,
             which + "the emulator did not send the browser back with a code; its last answer was " +
                 std::to_string(last.status) + " \"" + Excerpt(last.body) + "\"",
             "the emulator refused the authorize request (see c2, c4, c5: a redirect_uri not registered, a missing "
             "or plain PKCE challenge, an undeclared scope)",
             "fix the authorize request as the failing checks below say");
      } else if (last.status < 200 || last.status >= 300) {
        Fail(r,
             which + "the app's callback ended on " + std::to_string(last.status) + " \"" + Excerpt(last.body) + "\"",
             "the callback refused its own flow (a state stored per request but not found: compare the cookie's "
             "host with the redirect URI's), or the token exchange failed (see c7)",
             "keep the state where the callback can read it (a cookie or session on the redirect URI's host) and "
             "exchange the code as c7 says");
      }
    }
    results.push_back(std::move(r));
  }

  auto authorize_exchanges = [&](CheckResult& r) {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (!runs[i].authorize.is_null()) {
        r.exchanges.push_back(FromJournal(runs[i].authorize, kAuthorizeKeys, "run " + std::to_string(i + 1)));
      }
    }
  };
  auto each_run_authorized = [&](CheckResult& r) {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].authorize.is_null()) {
        Fail(r, "run " + std::to_string(i + 1) + ": " + std::string(kNoAuthorize),
             "the connect route does not redirect to the emulator's /oauth/authorize", std::string(kFlowFix));
        return false;
      }
    }
    return true;
  };

  // ---- c2 pkce-s256 ----
  {
    CheckResult r{"c2", "pkce-s256", "PKCE with S256 on every authorize request",
                  "code_challenge_method=S256 and a 43-character base64url code_challenge, new each run"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        json q = runs[i].Query();
        std::string which = "run " + std::to_string(i + 1) + ": ";
        std::string method = Str(q, "code_challenge_method");
        std::string challenge = Str(q, "code_challenge");
        const std::string fix =
            "create a random code_verifier (32 bytes from a CSPRNG, base64url: 43 characters) per connect, send "
            "code_challenge = BASE64URL(SHA256(verifier)) with code_challenge_method=S256, keep the verifier for "
            "the callback";
        if (challenge.empty()) {
          Fail(r, which + "no code_challenge", "the app does not use PKCE (the contract requires it of every client)",
               fix);
        } else if (method != "S256") {
          Fail(r, which + "code_challenge_method=" + (Has(q, "code_challenge_method") ? method : "(absent)"),
               method.empty() ? "the app leaves out code_challenge_method, which means plain (RFC 7636 4.3)"
                              : "the app uses the plain method, which sends the verifier itself in the URL",
               fix);
        } else if (challenge.size() != 43 || !IsBase64Url(challenge)) {
          Fail(r,
               which + "code_challenge is " + std::to_string(challenge.size()) + " characters \"" +
                   Excerpt(challenge, 60) + "\", not 43 base64url characters",
               "the challenge is not unpadded base64url of a SHA-256 digest (padding '=', '+' or '/', or hex)", fix);
        }
      }
      if (r.passed && Str(runs[0].Query(), "code_challenge") == Str(runs[1].Query(), "code_challenge")) {
        Fail(r, "both runs sent the same code_challenge " + Str(runs[0].Query(), "code_challenge"),
             "the code_verifier is a constant (or generated once per process)",
             "generate a new code_verifier for every connect");
      }
    }
    results.push_back(std::move(r));
  }

  // ---- c3 state ----
  const std::string state_fix =
      "generate state per request from a CSPRNG (crypto.randomBytes(32).toString('base64url')), store it in the "
      "user's session or a cookie, and on the callback compare it with the returned state before using the code";
  {
    CheckResult r{"c3a", "state-present", "a state on every authorize request", "a non-empty state"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        if (Str(runs[i].Query(), "state").empty()) {
          Fail(r, "run " + std::to_string(i + 1) + ": no state",
               "the app sends no state, so nothing ties the callback to the browser that started the flow (CSRF, "
               "RFC 6749 10.12)",
               state_fix);
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c3b", "state-entropy", "state holds at least 128 bits",
                  "at least 32 characters when only hex digits, else at least 22"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        std::string state = Str(runs[i].Query(), "state");
        if (StateBits(state) < 128) {
          Fail(r,
               "run " + std::to_string(i + 1) + ": state \"" + Excerpt(state, 60) + "\" is " +
                   std::to_string(state.size()) + " characters, at most " + std::to_string(StateBits(state)) + " bits",
               state.empty() ? "the app sends no state" : "the state is short or hand-written, so it can be guessed",
               state_fix);
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c3c", "state-unique", "a different state on each run", "the two runs' states differ"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r) && Str(runs[0].Query(), "state") == Str(runs[1].Query(), "state")) {
      Fail(r, "both runs sent state \"" + Excerpt(first_state, 60) + "\"",
           "the state is a constant, so an attacker knows it and can make a victim's browser finish the attacker's "
           "flow (login CSRF)",
           state_fix);
    }
    results.push_back(std::move(r));
  }

  // ---- c4 redirect-uri, c5 scopes ----
  const json& integration = findings_.integration;
  auto integration_known = [&](CheckResult& r) {
    if (!integration.is_null()) return true;
    Fail(r, "no integration has client_id \"" + findings_.client_id + "\" (GET /_sandbox/integrations)",
         "the app sends a client_id this emulator does not know",
         "set REVENTO_CLIENT_ID to the client id the emulator's banner prints, or register the app (POST "
         "/_sandbox/integrations)");
    return false;
  };
  {
    CheckResult r{"c4", "redirect-uri", "the exact registered redirect_uri",
                  "redirect_uri byte for byte one the integration registered"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r) && integration_known(r)) {
      std::vector<std::string> registered = integration.value("redirect_uris", std::vector<std::string>{});
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        std::string sent = Str(runs[i].Query(), "redirect_uri");
        if (std::find(registered.begin(), registered.end(), sent) == registered.end()) {
          std::string list;
          for (const auto& u : registered) list += (list.empty() ? "" : ", ") + u;
          Fail(r, "run " + std::to_string(i + 1) + ": redirect_uri \"" + sent + "\" is not registered (" + list + ")",
               "the app builds its redirect URI (another host, port, path or a trailing slash) instead of using the "
               "registered one",
               "send exactly a registered URI, byte for byte (" + list +
                   "), from configuration, and the same one in the token request");
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c5", "scopes", "scopes the integration declared", "scope present, every scope declared"};
    authorize_exchanges(r);
    r.passed = true;
    if (each_run_authorized(r) && integration_known(r)) {
      std::vector<std::string> declared = integration.value("scopes", std::vector<std::string>{});
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        std::string scope = Str(runs[i].Query(), "scope");
        std::istringstream words(scope);
        std::string word;
        std::vector<std::string> undeclared;
        while (words >> word) {
          if (std::find(declared.begin(), declared.end(), word) == declared.end()) undeclared.push_back(word);
        }
        std::string list;
        for (const auto& s : declared) list += (list.empty() ? "" : " ") + s;
        if (scope.find_first_not_of(' ') == std::string::npos) {
          Fail(r, "run " + std::to_string(i + 1) + ": no scope", "the app asks for no scope",
               "ask for the scopes your integration needs, space-separated, from those declared: " + list);
        } else if (!undeclared.empty()) {
          std::string names;
          for (const auto& s : undeclared) names += (names.empty() ? "" : ", ") + s;
          Fail(r, "run " + std::to_string(i + 1) + ": scope \"" + scope + "\" includes undeclared " + names,
               "the app asks for scopes its manifest does not declare (the emulator answers invalid_scope)",
               "ask only for declared scopes (" + list + "), or declare the scope in the integration's manifest");
        }
      }
    }
    results.push_back(std::move(r));
  }

  // The journal again: everything up to now, for the callback and token checks.
  auto full = control.JournalAfter(*start);
  if (!full) return std::unexpected(full.error());

  // ---- c6 forged callbacks ----
  auto grade_forgery = [&](CheckResult& r, const Forgery& f, const std::string& state_words) {
    if (!f.walk.hops.empty()) {
      r.exchanges.push_back(FromHop(f.walk.hops.front(), "fresh flow"));
      if (f.walk.stopped_at) {
        r.exchanges.push_back(
            {"fresh flow: stopped before " + Excerpt(RedactCode(*f.walk.stopped_at), 160),
             "an unused code " + Excerpt(f.code, 12),
             0,
             {{"sent", {{"stopped_before", RedactCode(*f.walk.stopped_at)}}}, {"received", nullptr}}});
      }
    }
    r.exchanges.push_back(FromHop(f.callback, "forged callback"));
    auto exchanged = TokenRequestsFor(*full, f.code);
    for (const auto& entry : exchanged) r.exchanges.push_back(FromJournal(entry, kTokenKeys, "app"));
    r.passed = exchanged.empty() && f.callback.status != 0;
    if (f.callback.status == 0) {
      Fail(r, "the app did not answer the forged callback: " + f.callback.error,
           "the app is not running, or its redirect URI is not served by it",
           "check that the app is running at " + config_.app + " and serves its redirect URI");
    } else if (!r.passed) {
      Fail(r,
           "the app answered the forged callback " +
               (f.callback.status ? std::to_string(f.callback.status) : f.callback.error) +
               " and sent its code to /oauth/token (" + std::to_string(exchanged.size()) + " request(s), emulator " +
               std::to_string(StatusOf(exchanged.front())) + ")",
           "the callback does not compare the returned state with the one it generated for this browser (" +
               state_words + ")",
           state_fix + "; refuse (400) any callback whose state does not match, without using its code");
    }
  };
  {
    CheckResult r{"c6a", "forged-state", "a callback with a fresh, valid code and a wrong state",
                  "refused: no token request carries that code"};
    grade_forgery(r, forged_state, "a random state was accepted");
    if (forged_state.invented && r.passed) r.title += " (no fresh code: an invented one was sent)";
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c6b", "replayed-state", "a callback with a fresh, valid code and the state of run 1",
                  "refused: no token request carries that code"};
    grade_forgery(r, replayed_state, "a state from an earlier, completed flow was accepted");
    results.push_back(std::move(r));
  }

  // ---- c7 token request ----
  std::vector<std::vector<json>> exchanges_of(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].code.empty()) exchanges_of[i] = TokenRequestsFor(*full, runs[i].code);
  }
  auto token_exchanges = [&](CheckResult& r) {
    for (size_t i = 0; i < runs.size(); ++i) {
      for (const auto& e : exchanges_of[i])
        r.exchanges.push_back(FromJournal(e, kTokenKeys, "run " + std::to_string(i + 1)));
    }
  };
  // Each run must have a code and at least one token request for it.
  auto each_run_exchanged = [&](CheckResult& r) {
    for (size_t i = 0; i < runs.size(); ++i) {
      std::string which = "run " + std::to_string(i + 1) + ": ";
      if (runs[i].code.empty()) {
        Fail(r, which + "the flow produced no code (see c1)", "the authorize request was refused or never sent",
             "fix c1 first");
        return false;
      }
      if (exchanges_of[i].empty()) {
        Fail(r, which + "no POST /oauth/token carried the code the callback received",
             "the callback does not exchange the code (or sends it to another AUTH_BASE)",
             "POST grant_type=authorization_code, code, redirect_uri, code_verifier and the client credentials to " +
                 config_.emulator + "/oauth/token");
        return false;
      }
    }
    return true;
  };
  {
    CheckResult r{"c7a", "token-redirect-uri", "the token request repeats the authorize redirect_uri",
                  "redirect_uri identical to the authorize request's"};
    token_exchanges(r);
    r.passed = true;
    if (each_run_exchanged(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        std::string authorized = Str(runs[i].Query(), "redirect_uri");
        std::string sent = Str(exchanges_of[i].front()["form"], "redirect_uri");
        if (!Has(exchanges_of[i].front()["form"], "redirect_uri") || sent != authorized) {
          Fail(r,
               "run " + std::to_string(i + 1) + ": token redirect_uri \"" +
                   (Has(exchanges_of[i].front()["form"], "redirect_uri") ? sent : "(absent)") + "\", authorize \"" +
                   authorized + "\"",
               "the token request builds its redirect_uri separately (or leaves it out); the emulator answers "
               "invalid_grant",
               "send the same redirect_uri constant in both requests");
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c7b", "token-pkce", "the code_verifier matches the challenge",
                  "code_verifier present, SHA-256 matching the code_challenge, token answered 200"};
    token_exchanges(r);
    r.passed = true;
    if (each_run_exchanged(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        const json& token = exchanges_of[i].front();
        std::string which = "run " + std::to_string(i + 1) + ": ";
        std::string challenge_hex = Base64UrlToHex(Str(runs[i].Query(), "code_challenge"));
        std::string verifier_digest = RedactedDigest(token["form"]["code_verifier"]);
        const std::string fix =
            "keep the code_verifier of this browser's connect (in its session, not a global shared by every user) "
            "and send it with the code";
        if (!Has(token["form"], "code_verifier")) {
          Fail(r, which + "no code_verifier in the token request", "the app does not send the PKCE verifier", fix);
        } else if (verifier_digest.empty() || challenge_hex.empty() || !challenge_hex.starts_with(verifier_digest)) {
          Fail(r,
               which + "SHA-256 of the code_verifier starts " + verifier_digest + ", the code_challenge decodes to " +
                   challenge_hex.substr(0, 12),
               "the verifier sent is not the one this challenge was made from (a verifier shared across flows and "
               "overwritten by a later connect, or a challenge computed over something else)",
               fix);
        } else if (StatusOf(token) != 200) {
          Fail(r, which + "the emulator answered the exchange " + std::to_string(StatusOf(token)),
               "the exchange was refused although the verifier matches (see c7a and c7d)",
               "fix the redirect_uri and the client authentication of the token request");
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c7c", "code-once", "each code exchanged once", "exactly one token request per code"};
    token_exchanges(r);
    r.passed = true;
    if (each_run_exchanged(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        if (exchanges_of[i].size() != 1) {
          Fail(r,
               "run " + std::to_string(i + 1) + ": the code was sent to /oauth/token " +
                   std::to_string(exchanges_of[i].size()) + " times",
               "the app retries the exchange or exchanges the code on every visit of the callback; a second use "
               "is invalid_grant and revokes every token issued from the code",
               "exchange a code once; on an error show it rather than retrying with the same code");
        }
      }
    }
    results.push_back(std::move(r));
  }
  {
    CheckResult r{"c7d", "client-auth", "the token request authenticates the client",
                  "client_id + client_secret in the body, or HTTP Basic, not both"};
    token_exchanges(r);
    r.passed = true;
    if (each_run_exchanged(r)) {
      for (size_t i = 0; i < runs.size() && r.passed; ++i) {
        const json& token = exchanges_of[i].front();
        bool body = Has(token["form"], "client_secret");
        bool basic = AuthorizationOf(token).starts_with("Basic ");
        std::string which = "run " + std::to_string(i + 1) + ": ";
        if (!body && !basic) {
          Fail(r, which + "neither client_secret nor an Authorization: Basic header",
               "the app does not authenticate; the emulator answers 401 invalid_client",
               "send client_id and client_secret in the form body (as the quickstart does), or HTTP Basic");
        } else if (body && basic) {
          Fail(r, which + "client_secret in the body and an Authorization: Basic header",
               "the app authenticates twice; the contract allows one method (invalid_request)",
               "use one: the form body (client_id + client_secret) or HTTP Basic");
        } else if (StatusOf(token) == 401) {
          Fail(r, which + "the emulator answered 401 invalid_client",
               "the client id or secret is wrong (an old secret, or another integration's)",
               "use REVENTO_CLIENT_ID and REVENTO_CLIENT_SECRET as the emulator's banner prints them");
        }
      }
    }
    results.push_back(std::move(r));
  }

  if (!config_.refresh_path) return results;

  // ---- r refresh ----
  const std::string refresh_url = config_.app + *config_.refresh_path;
  auto revoked_now = [&]() -> Result<std::set<std::string>> {
    auto list = control.Installations();
    if (!list) return std::unexpected(list.error());
    std::set<std::string> ids;
    for (const auto& i : *list) {
      if (i.value("client_id", "") == findings_.client_id && i.value("revoked", false)) ids.insert(i.value("id", ""));
    }
    return ids;
  };
  auto revoked_before = revoked_now();
  if (!revoked_before) return std::unexpected(revoked_before.error());
  struct Phase {
    std::vector<Hop> calls;
    std::vector<json> refreshes;
    json clock;
  };
  auto phase = [&](int calls) -> Result<Phase> {
    Phase p;
    auto mark = control.LastSeq();
    if (!mark) return std::unexpected(mark.error());
    auto clock = control.AdvanceClock(config_.expiry_step_seconds);
    if (!clock) return std::unexpected(clock.error());
    p.clock = *clock;
    if (calls == 1) {
      p.calls.push_back(browser.Fetch(refresh_url));
    } else {
      std::vector<std::future<Hop>> pending;
      for (int i = 0; i < calls; ++i) {
        pending.push_back(
            std::async(std::launch::async, [&browser, &refresh_url] { return browser.Fetch(refresh_url); }));
      }
      for (auto& f : pending) p.calls.push_back(f.get());
    }
    auto entries = control.JournalAfter(*mark);
    if (!entries) return std::unexpected(entries.error());
    p.refreshes = RefreshRequests(*entries);
    return p;
  };
  auto describe = [&](CheckResult& r, const Phase& p) {
    r.exchanges.push_back(
        {"POST /_sandbox/clock {\"advance_seconds\": " + std::to_string(config_.expiry_step_seconds) + "}",
         "sandbox time " + p.clock.value("now", ""),
         0,
         {{"sent", {{"advance_seconds", config_.expiry_step_seconds}}}, {"received", p.clock}}});
    if (p.calls.size() == 1) {
      r.exchanges.push_back(FromHop(p.calls.front(), "check"));
    } else {
      std::map<std::string, int> answers;
      for (const auto& h : p.calls) answers[h.status ? std::to_string(h.status) : h.error]++;
      std::string line;
      for (const auto& [answer, n] : answers) line += (line.empty() ? "" : ", ") + std::to_string(n) + " x " + answer;
      r.exchanges.push_back({"check: " + std::to_string(p.calls.size()) + " concurrent GET " + refresh_url,
                             line,
                             0,
                             {{"sent", {{"method", "GET"}, {"url", refresh_url}, {"concurrent", p.calls.size()}}},
                              {"received", answers}}});
    }
    for (const auto& e : p.refreshes) r.exchanges.push_back(FromJournal(e, kRefreshKeys, "app"));
  };
  const std::string refresh_fix =
      "on 401 token_expired from the API, POST grant_type=refresh_token with the stored refresh token, store BOTH "
      "new tokens, and retry the call once";
  auto expect_one_refresh = [&](CheckResult& r, const Phase& p) {
    int refused = 0;
    for (const auto& e : p.refreshes) refused += StatusOf(e) != 200;
    if (p.refreshes.empty()) {
      Fail(r, "no grant_type=refresh_token request reached the emulator after the access token expired",
           "the app does not refresh an expired access token (it passes the 401 token_expired on, or never calls "
           "the API on this path)",
           refresh_fix);
      return false;
    }
    if (p.refreshes.size() > 1) {
      Fail(r, std::to_string(p.refreshes.size()) + " refresh requests for one expiry",
           "the app refreshes on every call (or on every 401) without sharing the result: concurrent callers each "
           "send the same refresh token, and the second use revokes the whole family",
           "refresh single-flight: one refresh in progress at a time, every caller awaits the same promise, then "
           "uses the new access token");
      return false;
    }
    if (refused) {
      Fail(r, "the refresh was answered " + std::to_string(StatusOf(p.refreshes.front())) + " (invalid_grant)",
           "the app sent a refresh token that was already used (it did not store the rotated one), or the family "
           "was revoked",
           "refresh tokens rotate: store the refresh_token of every refresh answer, replacing the old one");
      return false;
    }
    return true;
  };

  auto first = phase(1);
  if (!first) return std::unexpected(first.error());
  {
    CheckResult r{"r1", "refresh-once", "after the access token expires, one call refreshes once",
                  "exactly one grant_type=refresh_token, answered 200"};
    describe(r, *first);
    r.passed = expect_one_refresh(r, *first);
    results.push_back(std::move(r));
  }
  auto second = phase(1);
  if (!second) return std::unexpected(second.error());
  {
    CheckResult r{"r2", "refresh-rotated", "after a second expiry, the rotated refresh token is used",
                  "exactly one refresh, answered 200, with a refresh token other than r1's"};
    describe(r, *second);
    r.passed = expect_one_refresh(r, *second);
    if (!second->refreshes.empty() && !first->refreshes.empty()) {
      std::string before = RedactedDigest(first->refreshes.front()["form"]["refresh_token"]);
      std::string now = RedactedDigest(second->refreshes.front()["form"]["refresh_token"]);
      if (!before.empty() && before == now) {
        Fail(r, "the second refresh sent the same refresh token as the first (sha256:" + now + ")",
             "the app keeps the original refresh token instead of the rotated one; the emulator treats the reuse "
             "as theft and revokes the family",
             "refresh tokens rotate: store the refresh_token of every refresh answer, replacing the old one");
      }
    }
    results.push_back(std::move(r));
  }
  auto third = phase(config_.concurrent_calls);
  if (!third) return std::unexpected(third.error());
  auto revoked_after = revoked_now();
  if (!revoked_after) return std::unexpected(revoked_after.error());
  {
    CheckResult r{"r3", "refresh-single-flight",
                  "after a third expiry, " + std::to_string(config_.concurrent_calls) + " concurrent calls",
                  "exactly one refresh, answered 200, and no installation revoked"};
    describe(r, *third);
    r.passed = expect_one_refresh(r, *third);
    std::vector<std::string> newly;
    for (const auto& id : *revoked_after) {
      if (!revoked_before->contains(id)) newly.push_back(id);
    }
    r.exchanges.push_back({"GET /_sandbox/installations",
                           std::to_string(newly.size()) + " installation(s) of " + findings_.client_id +
                               " revoked during the refresh checks",
                           0,
                           {{"sent", {{"method", "GET"}, {"path", "/_sandbox/installations"}}},
                            {"received", {{"newly_revoked", newly}}}}});
    if (r.passed && !newly.empty()) {
      Fail(r, "installation " + newly.front() + " was revoked (refresh token reuse)",
           "two refreshes raced with the same refresh token; the second use revoked the family",
           "refresh single-flight: one refresh in progress at a time, every caller awaits the same promise");
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace revento::client::check
