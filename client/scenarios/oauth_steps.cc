#include "client/scenarios/oauth_steps.h"

#include <map>
#include <optional>
#include <regex>
#include <thread>

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

// The query of /oauth/authorize: the quickstart's parameters in its order
// (the PKCE ones as `pkce` asks), the step's own overrides, then any extra.
Params AuthorizeQuery(StepContext& context, const json& p, const Pkce& pkce, const std::string& state) {
  std::map<std::string, std::optional<std::string>> query{
      {"response_type", Str(p, "response_type", "code")},
      {"client_id", Str(p, "client_id", context.Var("client_id"))},
      {"redirect_uri", Str(p, "redirect_uri", context.Var("redirect_uri"))},
      {"scope", Str(p, "scope", "event.read participants.read")},
      {"event_id", Str(p, "event_id", context.Var("event_id"))},
      {"state", state},
      {"code_challenge", pkce.challenge},
      {"code_challenge_method", std::string("S256")}};
  std::string pkce_mode = Str(p, "pkce", "s256");
  if (pkce_mode == "plain") {
    query["code_challenge"] = pkce.verifier;
    query["code_challenge_method"] = std::string("plain");
  } else if (pkce_mode == "none") {
    query["code_challenge"] = std::nullopt;
    query["code_challenge_method"] = std::nullopt;
  }
  if (p.contains("code_challenge")) query["code_challenge"] = Str(p, "code_challenge");
  if (p.contains("code_challenge_method")) query["code_challenge_method"] = Str(p, "code_challenge_method");
  const json extra = p.value("query", json::object());
  for (const auto& [name, value] : extra.items())
    query[name] = value.is_null() ? std::nullopt : std::optional(value.is_string() ? value.get<std::string>() : value.dump());
  Params ordered;
  for (const char* name : {"response_type", "client_id", "redirect_uri", "scope", "event_id", "state",
                           "code_challenge", "code_challenge_method"}) {
    if (auto it = query.find(name); it != query.end() && it->second) ordered.emplace_back(name, *it->second);
    query.erase(name);
  }
  for (const auto& [name, value] : query) {
    if (value) ordered.emplace_back(name, *value);
  }
  return ordered;
}

// An authorization refusal (a redirect with error, or a 400 page) ends the
// connect step there so its expectations can check it.
bool DefaultStops(const Response& r) { return r.status == 400 || (r.status == 302 && r.query.count("error")); }

// GET /oauth/authorize, then the consent page submitted as the step asks:
// the answer that holds the code (or the refusal).
Response Authorize(StepContext& context, const json& p, const Params& query, Problems& problems) {
  static const std::regex kConsentId(R"re(name="consent_id" value="([^"]+)")re");
  json& vars = context.vars();
  std::string stop_after = Str(p, "stop_after");
  Response r = context.emulator().Send("GET", "/oauth/authorize?" + OAuthAdapter::Form(query), {}, "", "");
  std::smatch m;
  bool consent_page = r.status == 200 && std::regex_search(r.body, m, kConsentId);
  if (consent_page) vars["consent_id"] = m[1].str();
  if (auto code = r.query.find("code"); code != r.query.end()) vars["code"] = code->second;
  if (!consent_page && r.query.count("code") && (Str(p, "consent") == "deny" || stop_after == "consent"))
    problems.push_back(std::string(kAutoConsentHint));
  if (stop_after == "authorize") return r;
  if (consent_page) {
    std::string decision = Str(p, "consent", "approve") == "deny" ? "deny" : "authorize";
    r = context.emulator().Send("POST", "/oauth/consent", {},
                                OAuthAdapter::Form({{"consent_id", m[1].str()}, {"decision", decision}}),
                                "application/x-www-form-urlencoded");
  }
  if (auto code = r.query.find("code"); code != r.query.end()) vars["code"] = code->second;
  return r;
}

// Whether the authorization's answer `r` goes on to the token exchange. When
// it does not, the step ends there: quietly for a refusal the step did not
// ask to stop before, else with a problem naming what came back.
bool GoesOn(const json& p, const Response& r, const std::string& state, Problems& problems) {
  if (r.status != 302 || !r.query.count("code")) {
    if (p.contains("stop_after") || !DefaultStops(r)) {
      problems.push_back("the authorization did not come back with a code (status " + std::to_string(r.status) +
                         "); use stop_after: authorize or consent to check a refusal");
    }
    return false;
  }
  if (r.query.count("state") && r.query.at("state") != state) {
    problems.push_back("the redirect's state \"" + r.query.at("state") + "\" is not the one sent (\"" + state +
                       "\")");
    return false;
  }
  return true;
}

}  // namespace

Response RunConnect(StepContext& context, const json& p, Problems& problems) {
  Pkce pkce = OAuthAdapter::NewPkce();
  std::string state = Str(p, "state", "scenario-" + pkce.verifier.substr(0, 10));
  Params query = AuthorizeQuery(context, p, pkce, state);
  context.vars()["state"] = state;
  std::string verifier = Str(p, "pkce", "s256") == "wrong_verifier" ? OAuthAdapter::NewPkce().verifier : pkce.verifier;
  if (p.contains("code_verifier")) verifier = Str(p, "code_verifier");
  context.vars()["code_verifier"] = verifier;
  Response r = Authorize(context, p, query, problems);
  std::string stop_after = Str(p, "stop_after");
  if (stop_after == "authorize" || stop_after == "consent" || !GoesOn(p, r, state, problems)) return r;
  std::string redirect_uri = Str(p, "redirect_uri", context.Var("redirect_uri"));
  Params form{{"grant_type", "authorization_code"},
              {"code", r.query.at("code")},
              {"redirect_uri", Str(p, "token_redirect_uri", redirect_uri)}};
  if (Str(p, "pkce", "s256") != "none" || p.contains("code_verifier")) form.emplace_back("code_verifier", verifier);
  std::string client_id = Str(p, "client_id", context.Var("client_id"));
  std::string client_secret = Str(p, "client_secret", context.Var("client_secret"));
  std::string auth = Str(p, "client_auth", "body");
  Response token = context.oauth().Token(form, client_id, client_secret, auth);
  context.StoreTokens(token);
  if (!p.value("reuse_code", false)) return token;
  if (token.status != 200) {
    problems.push_back("reuse_code: the first exchange must succeed");
    return token;
  }
  return context.oauth().Token(form, client_id, client_secret, auth);
}

namespace {

// `parallel` refresh requests at once, each on its own port: the answer is
// a 200 when one got it (else the first), `counts` sees all.
Response RefreshInParallel(StepContext& context, int parallel, const Params& form, const std::string& client_id,
                           const std::string& client_secret) {
  std::vector<Response> all(static_cast<size_t>(parallel));
  std::vector<std::thread> threads;
  for (int i = 0; i < parallel; ++i) {
    threads.emplace_back([&, i, port = context.PortTo(context.target().base_url)]() mutable {
      all[static_cast<size_t>(i)] = OAuthAdapter(port).Token(form, client_id, client_secret, "body");
    });
  }
  for (auto& t : threads) t.join();
  Response r = all.front();
  std::map<int, int> counts;
  for (const auto& one : all) {
    counts[one.status]++;
    if (one.status == 200) r = one;
  }
  r.status_counts = counts;
  return r;
}

}  // namespace

Response RunRefresh(StepContext& context, const json& p, Problems&) {
  std::string presented = Str(p, "refresh_token", context.Var("refresh_token"));
  Params form{{"grant_type", "refresh_token"}, {"refresh_token", presented}};
  if (p.contains("scope")) form.emplace_back("scope", Str(p, "scope"));
  std::string client_id = Str(p, "client_id", context.Var("client_id"));
  std::string client_secret = Str(p, "client_secret", context.Var("client_secret"));
  int parallel = p.value("parallel", 1);
  Response r;
  if (parallel <= 1) {
    r = context.oauth().Token(form, client_id, client_secret, "body");
    r.status_counts[r.status] = 1;
  } else {
    r = RefreshInParallel(context, parallel, form, client_id, client_secret);
  }
  if (r.status == 200 && !p.value("keep_tokens", false)) {
    context.vars()["previous_refresh_token"] = presented;
    context.vars()["previous_access_token"] = context.Var("access_token");
    context.StoreTokens(r);
  }
  return r;
}

Response RunRevoke(StepContext& context, const json& p, Problems&) {
  Params form{{"token", Str(p, "token")}};
  if (p.contains("token_type_hint")) form.emplace_back("token_type_hint", Str(p, "token_type_hint"));
  return context.oauth().Revoke(form, Str(p, "client_id", context.Var("client_id")),
                                Str(p, "client_secret", context.Var("client_secret")));
}

}  // namespace revento::client::scenarios
