#include "client/scenarios/scenario_run.h"

#include <signal.h>
#include <strings.h>

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <thread>

#include "client/http/url.h"
#include "client/scenarios/adapters.h"
#include "client/scenarios/browser.h"
#include "client/scenarios/emulator_process.h"
#include "client/scenarios/expectations.h"
#include "client/scenarios/receiver.h"
#include "client/scenarios/step_catalog.h"
#include "client/scenarios/variables.h"

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

constexpr const char* kAutoConsentHint =
    "the emulator skipped the consent page (/oauth/authorize answered 302 with a code): it runs with "
    "--auto-consent, and this scenario needs the consent page; run it against an emulator started without "
    "--auto-consent, or with --spawn";

// How long Revento waits for a webhook answer (docs/webhooks.md).
constexpr std::chrono::seconds kWebhookAnswerLimit{10};

const char* kAllScopes[] = {"event.read", "participants.read", "applications.read", "attendance.read"};
const char* kAllTypes[] = {"event.published",        "event.updated",        "event.cancelled",
                           "application.submitted",  "application.approved", "application.rejected",
                           "participant.registered", "participant.updated",  "participant.cancelled",
                           "participant.checked_in", "installation.revoked"};

Response Ok() {
  Response r;
  r.status = 200;
  return r;
}

int SignalNumber(const std::string& name) {
  if (name == "INT") return SIGINT;
  if (name == "KILL") return SIGKILL;
  if (name == "TERM") return SIGTERM;
  return 0;
}

Params HeadersOf(const json& object) {
  Params out;
  if (!object.is_object()) return out;
  for (const auto& [name, value] : object.items())
    out.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

std::string Str(const json& params, const char* key, const std::string& fallback = "") {
  if (params.contains(key) && params[key].is_string()) return params[key].get<std::string>();
  if (params.contains(key) && !params[key].is_null()) return params[key].dump();
  return fallback;
}

class Run {
 public:
  Run(const Scenario& scenario, Target& target) : scenario_(scenario), target_(target) {
    vars_ = BaseVariables(target);
    vars_["scenario_dir"] = std::filesystem::path(scenario.file).parent_path().string();
    for (const auto& [name, value] : scenario.vars.items()) vars_[name] = value;
    for (const auto& [name, value] : target.variables.items()) vars_[name] = value;
    Connect();
  }

  // Every step runs; each failing one is reported.
  std::vector<StepFailure> Execute() {
    if (auto failure = Setup()) return {*failure};
    std::vector<StepFailure> failures;
    for (const Step& raw : scenario_.steps) {
      if (auto failure = RunStep(raw)) failures.push_back(std::move(*failure));
    }
    return failures;
  }

 private:
  std::optional<StepFailure> RunStep(const Step& raw) {
    auto resolved = Substitute(raw.params, vars_);
    if (!resolved) return Failure(raw, {NotRun(resolved.error().message)}, nullptr);
    Step step = raw;
    step.params = *resolved;
    auto expect = Substitute(raw.expect, vars_);
    if (!expect) return Failure(raw, {NotRun(expect.error().message)}, nullptr);
    step.expect = *expect;
    std::vector<std::string> problems;
    Response response = Perform(step, problems);
    if (problems.empty()) {
      json expectations = step.expect;
      if (expectations.empty()) expectations = DefaultExpectations(step);
      problems = CheckExpectations(expectations, response);
    }
    for (const auto& [name, source] : step.capture.items()) {
      auto value = CaptureValue(source.get<std::string>(), response);
      if (!value) {
        problems.push_back("capture " + name + ": " + value.error().message);
        uncaptured_.insert(name);
      } else {
        vars_[name] = *value;
        uncaptured_.erase(name);
      }
    }
    if (problems.empty()) return std::nullopt;
    std::string hint = AutoConsentHint(response);
    if (!hint.empty() && std::find(problems.begin(), problems.end(), hint) == problems.end()) problems.push_back(hint);
    return Failure(step, problems, &response);
  }

  // A step that could not be resolved names the earlier capture it waited for.
  std::string NotRun(const std::string& why) const {
    for (const auto& name : uncaptured_) {
      if (why.find("${" + name + "}") != std::string::npos)
        return "not run: it uses ${" + name + "}, which an earlier failing step did not capture";
    }
    return why;
  }

  // An emulator started with --auto-consent answers /oauth/authorize with a
  // redirect carrying a code where a scenario expects the consent page.
  std::string AutoConsentHint(const Response& r) const {
    if (r.status != 302 || !r.query.count("code") || r.what.find("/oauth/authorize") == std::string::npos) return "";
    return kAutoConsentHint;
  }

  static json DefaultExpectations(const Step& step) {
    const std::string& kind = step.kind;
    if (kind == "connect" && step.params.contains("stop_after")) return json::object();
    static const std::set<std::string> kSuccessByDefault{
        "connect", "refresh", "revoke", "api", "clock", "action", "trigger", "flush", "set", "restart_emulator",
        "fault",   "journal", "api_replay"};
    if (kSuccessByDefault.count(kind)) return json{{"status", json::array({200, 201, 204})}};
    // An app answers, and never with a 5xx, whatever else a scenario checks.
    if (kind == "app_get" || kind == "send_webhook") return json{{"status_class", json::array({"2xx", "3xx", "4xx"})}};
    if (kind == "run_emulator") return json{{"status", 0}};
    return json::object();
  }

  StepFailure Failure(const Step& step, std::vector<std::string> problems, const Response* response) {
    StepFailure f;
    f.index = step.index;
    f.line = step.line;
    f.kind = step.kind;
    f.label = step.label;
    f.problems = std::move(problems);
    if (response) {
      f.what = response->what;
      f.status = response->status;
      if (const std::string* location = response->Header("Location")) f.location = *location;
      f.body_excerpt = response->BodyExcerpt(300);
      f.request_id = response->RequestId();
    }
    return f;
  }

  void Connect() {
    emulator_ = std::make_unique<HttpPort>(target_.base_url);
    oauth_ = std::make_unique<OAuthAdapter>(*emulator_);
    api_ = std::make_unique<ApiAdapter>(*emulator_, "/api/v1");
  }

  bool UsesReceiver() const {
    if (!scenario_.integration.is_null()) return true;
    for (const auto& step : scenario_.steps) {
      if (step.kind == "receiver" || step.kind == "expect_webhook" || step.kind == "expect_no_webhook") return true;
    }
    return false;
  }

  Params SandboxHeaders() const {
    Params headers;
    if (!target_.admin_token.empty()) headers.emplace_back("X-Revento-Admin-Token", target_.admin_token);
    return headers;
  }

  Response Sandbox(const std::string& method, const std::string& path, const json& body) {
    return emulator_->Send(method, path, SandboxHeaders(), body.is_null() ? "" : body.dump(),
                           body.is_null() ? "" : "application/json");
  }

  std::optional<StepFailure> Setup() {
    if (UsesReceiver()) {
      receiver_ = std::make_unique<WebhookReceiver>(*target_.clock);
      vars_["receiver_url"] = receiver_->url();
      receiver_->SetSecret(vars_.value("webhook_secret", ""));
    }
    if (scenario_.integration.is_null()) return std::nullopt;
    Step setup;
    setup.kind = "integration";
    setup.index = 0;
    setup.line = 1;
    auto manifest_or = Substitute(scenario_.integration, vars_);
    if (!manifest_or) return Failure(setup, {manifest_or.error().message}, nullptr);
    json manifest = *manifest_or;
    if (!manifest.contains("name")) manifest["name"] = scenario_.name.substr(0, 100);
    if (!manifest.contains("redirect_uris")) manifest["redirect_uris"] = json::array({Var("redirect_uri")});
    if (!manifest.contains("scopes")) manifest["scopes"] = kAllScopes;
    if (!manifest.contains("webhook_events")) manifest["webhook_events"] = kAllTypes;
    if (!manifest.contains("webhook_url")) manifest["webhook_url"] = receiver_->url();
    Response r = Sandbox("POST", "/_sandbox/integrations", manifest);
    if (r.status != 201 || !r.json.is_object())
      return Failure(setup, {"registering the scenario's integration: expected 201"}, &r);
    vars_["integration_id"] = r.json.value("id", "");
    vars_["client_id"] = r.json.value("client_id", "");
    vars_["client_secret"] = r.json.value("client_secret", "");
    vars_["webhook_secret"] = r.json.value("webhook_secret", "");
    vars_["redirect_uri"] = manifest["redirect_uris"][0];
    receiver_->SetSecret(vars_["webhook_secret"].get<std::string>());
    return std::nullopt;
  }

  std::string Var(const char* name) const { return vars_.contains(name) ? Str(vars_, name) : ""; }

  void StoreTokens(const Response& r) {
    if (r.status != 200 || !r.json.is_object()) return;
    if (r.json.contains("access_token")) vars_["access_token"] = r.json["access_token"];
    if (r.json.contains("refresh_token")) vars_["refresh_token"] = r.json["refresh_token"];
  }

  Response Perform(const Step& step, std::vector<std::string>& problems) {
    const json& p = step.params;
    const std::string& k = step.kind;
    if (k == "connect") return DoConnect(p, problems);
    if (k == "refresh") return DoRefresh(p);
    if (k == "revoke") {
      Params form{{"token", Str(p, "token")}};
      if (p.contains("token_type_hint")) form.emplace_back("token_type_hint", Str(p, "token_type_hint"));
      return oauth_->Revoke(form, Str(p, "client_id", Var("client_id")), Str(p, "client_secret", Var("client_secret")));
    }
    if (k == "api") return DoApi(p);
    if (k == "clock") return DoClock(p);
    if (k == "action") return DoRepeatedAction(p, problems);
    if (k == "api_replay") return DoApiReplay(p, problems);
    if (k == "trigger") {
      json body = p;
      if (!body.contains("event_id")) body["event_id"] = Var("event_id");
      return Sandbox("POST", "/_sandbox/webhooks/trigger", body);
    }
    if (k == "fault") return DoFault(p, problems);
    if (k == "journal") return DoJournal(p);
    if (k == "http") return DoHttp(p, problems);
    if (k == "receiver") {
      WebhookReceiver::Reply reply;
      reply.status = p.value("status", 200);
      reply.hang = p.value("hang", false);
      reply.headers = HeadersOf(p.value("headers", json::object()));
      reply.body = p.value("body", std::string("ok"));
      receiver_->Script(reply, p.value("times", 1));
      return Ok();
    }
    if (k == "flush") return Sandbox("POST", "/_sandbox/deliveries/flush", json::object());
    if (k == "expect_webhook") return DoExpectWebhook(p, problems);
    if (k == "expect_no_webhook") return DoExpectNoWebhook(p, problems);
    if (k == "app_get") return DoAppGet(p, problems);
    if (k == "send_webhook") return DoSendWebhook(p, problems);
    if (k == "run_emulator") return DoRunEmulator(p, problems);
    if (k == "restart_emulator") {
      if (!target_.restart) {
        problems.push_back(
            "restart_emulator needs the scenario's own emulator: give it emulator flags and run with --spawn");
        return {};
      }
      auto config = target_.restart(SignalNumber(Str(p, "signal", "TERM")));
      if (!config) {
        problems.push_back(config.error().message);
        return {};
      }
      target_.config = *config;
      json base = BaseVariables(target_);
      for (const char* key : {"base", "auth_base", "api_base"}) vars_[key] = base[key];
      Connect();
      return Ok();
    }
    if (k == "set") {
      for (const auto& [name, value] : p["vars"].items()) vars_[name] = value;
      return Ok();
    }
    problems.push_back("no runner for step kind " + k);
    return {};
  }

  Response DoConnect(const json& p, std::vector<std::string>& problems) {
    std::string client_id = Str(p, "client_id", Var("client_id"));
    std::string client_secret = Str(p, "client_secret", Var("client_secret"));
    std::string redirect_uri = Str(p, "redirect_uri", Var("redirect_uri"));
    std::string pkce_mode = Str(p, "pkce", "s256");
    Pkce pkce = OAuthAdapter::NewPkce();
    std::string state = Str(p, "state", "scenario-" + pkce.verifier.substr(0, 10));
    std::map<std::string, std::optional<std::string>> query{{"response_type", Str(p, "response_type", "code")},
                                                            {"client_id", client_id},
                                                            {"redirect_uri", redirect_uri},
                                                            {"scope", Str(p, "scope", "event.read participants.read")},
                                                            {"event_id", Str(p, "event_id", Var("event_id"))},
                                                            {"state", state},
                                                            {"code_challenge", pkce.challenge},
                                                            {"code_challenge_method", std::string("S256")}};
    if (pkce_mode == "plain") {
      query["code_challenge"] = pkce.verifier;
      query["code_challenge_method"] = std::string("plain");
    } else if (pkce_mode == "none") {
      query["code_challenge"] = std::nullopt;
      query["code_challenge_method"] = std::nullopt;
    }
    if (p.contains("code_challenge")) query["code_challenge"] = Str(p, "code_challenge");
    if (p.contains("code_challenge_method")) query["code_challenge_method"] = Str(p, "code_challenge_method");
    if (p.contains("query")) {
      for (const auto& [name, value] : p["query"].items()) {
        if (value.is_null()) {
          query[name] = std::nullopt;
        } else {
          query[name] = value.is_string() ? value.get<std::string>() : value.dump();
        }
      }
    }
    // The quickstart's parameter order, then any extra.
    Params ordered;
    for (const char* name : {"response_type", "client_id", "redirect_uri", "scope", "event_id", "state",
                             "code_challenge", "code_challenge_method"}) {
      if (auto it = query.find(name); it != query.end() && it->second) ordered.emplace_back(name, *it->second);
      query.erase(name);
    }
    for (const auto& [name, value] : query) {
      if (value) ordered.emplace_back(name, *value);
    }
    vars_["state"] = state;
    std::string verifier = pkce.verifier;
    if (pkce_mode == "wrong_verifier") verifier = OAuthAdapter::NewPkce().verifier;
    if (p.contains("code_verifier")) verifier = Str(p, "code_verifier");
    vars_["code_verifier"] = verifier;
    std::string stop_after = Str(p, "stop_after");
    Response r = emulator_->Send("GET", "/oauth/authorize?" + OAuthAdapter::Form(ordered), {}, "", "");
    static const std::regex kConsentId(R"re(name="consent_id" value="([^"]+)")re");
    std::smatch m;
    bool consent_page = r.status == 200 && std::regex_search(r.body, m, kConsentId);
    if (consent_page) vars_["consent_id"] = m[1].str();
    if (auto code = r.query.find("code"); code != r.query.end()) vars_["code"] = code->second;
    if (!consent_page && r.query.count("code") && (Str(p, "consent") == "deny" || stop_after == "consent"))
      problems.push_back(kAutoConsentHint);
    if (stop_after == "authorize") return r;
    if (consent_page) {
      std::string decision = Str(p, "consent", "approve") == "deny" ? "deny" : "authorize";
      r = emulator_->Send("POST", "/oauth/consent", {},
                          OAuthAdapter::Form({{"consent_id", m[1].str()}, {"decision", decision}}),
                          "application/x-www-form-urlencoded");
    }
    auto code = r.query.find("code");
    if (code != r.query.end()) vars_["code"] = code->second;
    if (stop_after == "consent") return r;
    if (r.status != 302 || code == r.query.end()) {
      if (!p.contains("stop_after") && DefaultStops(r)) return r;
      problems.push_back("the authorization did not come back with a code (status " + std::to_string(r.status) +
                         "); use stop_after: authorize or consent to check a refusal");
      return r;
    }
    if (r.query.count("state") && r.query.at("state") != state) {
      problems.push_back("the redirect's state \"" + r.query.at("state") + "\" is not the one sent (\"" + state +
                         "\")");
      return r;
    }
    Params form{{"grant_type", "authorization_code"},
                {"code", code->second},
                {"redirect_uri", Str(p, "token_redirect_uri", redirect_uri)}};
    if (pkce_mode != "none" || p.contains("code_verifier")) form.emplace_back("code_verifier", verifier);
    std::string auth = Str(p, "client_auth", "body");
    Response token = oauth_->Token(form, client_id, client_secret, auth);
    StoreTokens(token);
    if (!p.value("reuse_code", false)) return token;
    if (token.status != 200) {
      problems.push_back("reuse_code: the first exchange must succeed");
      return token;
    }
    Response second = oauth_->Token(form, client_id, client_secret, auth);
    return second;
  }

  // An authorization refusal (a redirect with error, or a 400 page) ends the
  // connect step there so its expectations can check it.
  static bool DefaultStops(const Response& r) { return r.status == 400 || (r.status == 302 && r.query.count("error")); }

  Response DoRefresh(const json& p) {
    std::string presented = Str(p, "refresh_token", Var("refresh_token"));
    Params form{{"grant_type", "refresh_token"}, {"refresh_token", presented}};
    if (p.contains("scope")) form.emplace_back("scope", Str(p, "scope"));
    std::string client_id = Str(p, "client_id", Var("client_id"));
    std::string client_secret = Str(p, "client_secret", Var("client_secret"));
    int parallel = p.value("parallel", 1);
    Response r;
    if (parallel <= 1) {
      r = oauth_->Token(form, client_id, client_secret, "body");
      r.status_counts[r.status] = 1;
    } else {
      std::vector<Response> all(static_cast<size_t>(parallel));
      std::vector<std::thread> threads;
      for (int i = 0; i < parallel; ++i) {
        threads.emplace_back([&, i] {
          HttpPort port(target_.base_url);
          all[static_cast<size_t>(i)] = OAuthAdapter(port).Token(form, client_id, client_secret, "body");
        });
      }
      for (auto& t : threads) t.join();
      r = all.front();
      std::map<int, int> counts;
      for (const auto& one : all) {
        counts[one.status]++;
        if (one.status == 200) r = one;
      }
      r.status_counts = counts;
    }
    if (r.status == 200 && !p.value("keep_tokens", false)) {
      vars_["previous_refresh_token"] = presented;
      vars_["previous_access_token"] = Var("access_token");
      StoreTokens(r);
    }
    return r;
  }

  Response DoApi(const json& p) {
    std::string token = p.contains("token") ? Str(p, "token") : Var("access_token");
    std::string accept = p.contains("accept") ? Str(p, "accept") : "application/vnd.revento.v1+json";
    Params headers = HeadersOf(p.value("headers", json::object()));
    std::string method = Str(p, "method", "GET");
    int repeat = std::max(1, p.value("repeat", 1));
    Response r;
    std::map<int, int> counts;
    for (int i = 0; i < repeat; ++i) {
      r = api_->Call(method, Str(p, "path"), token, accept, headers);
      counts[r.status]++;
    }
    r.status_counts = counts;
    return r;
  }

  Response DoClock(const json& p) {
    json body;
    if (p.contains("advance")) body["advance_seconds"] = DurationSeconds(p["advance"]);
    if (p.contains("set")) body["set"] = p["set"];
    if (p.contains("freeze")) body["freeze"] = p["freeze"];
    if (p.contains("resume")) body["resume"] = p["resume"];
    return Sandbox("POST", "/_sandbox/clock", body);
  }

  // `fault: {clear: true}` deletes every fault; otherwise match and action
  // are posted as written, and ${fault_id} names the new fault.
  Response DoFault(const json& p, std::vector<std::string>& problems) {
    if (p.value("clear", false)) {
      if (p.size() > 1) problems.push_back("fault: clear: true takes no other field");
      return Sandbox("DELETE", "/_sandbox/faults", nullptr);
    }
    if (!p.contains("match") || !p.contains("action")) {
      problems.push_back("fault needs match and action (or clear: true)");
      return {};
    }
    json body = json::object();
    for (const char* key : {"match", "action", "times", "probability"}) {
      if (p.contains(key)) body[key] = p[key];
    }
    Response r = Sandbox("POST", "/_sandbox/faults", body);
    if (r.status == 201 && r.json.is_object()) vars_["fault_id"] = r.json.value("id", "");
    return r;
  }

  // `journal: {clear: true}` empties the journal; otherwise the filters
  // become the query of GET /_sandbox/requests (newest first).
  Response DoJournal(const json& p) {
    if (p.value("clear", false)) return Sandbox("DELETE", "/_sandbox/requests", nullptr);
    Params query;
    for (const char* key : {"path_prefix", "method", "status", "since", "limit"}) {
      if (p.contains(key)) query.emplace_back(key, Str(p, key));
    }
    std::string path = "/_sandbox/requests";
    if (!query.empty()) path += "?" + OAuthAdapter::Form(query);
    return Sandbox("GET", path, nullptr);
  }

  Response DoAction(const json& p, std::vector<std::string>& problems) {
    std::string action = Str(p, "action");
    std::string event = "/_sandbox/events/" + Str(p, "event_id", Var("event_id"));
    json body = p.value("body", json::object());
    auto need = [&](const char* field) {
      if (!p.contains(field)) problems.push_back("action " + action + " needs " + field);
      return Str(p, field);
    };
    std::string path;
    if (action == "publish" || action == "update" || action == "cancel") {
      path = event + "/" + action;
      if (action == "update" && body.empty()) body["name"] = "Revento Summit 2026 (updated)";
    } else if (action == "submit_application") {
      path = event + "/applications";
      if (body.empty()) body = {{"applicant_name", "Grace Hopper"}, {"applicant_email", "grace.hopper@example.com"}};
    } else if (action == "approve" || action == "reject") {
      path = event + "/applications/" + need("application_id") + "/" + action;
    } else if (action == "register") {
      path = event + "/participants";
      if (body.empty()) body = {{"first_name", "Alan"}, {"last_name", "Turing"}, {"email", "alan.turing@example.com"}};
    } else if (action == "update_participant") {
      path = event + "/participants/" + need("participant_id") + "/update";
      if (body.empty()) body["ticket_type"] = "vip";
    } else if (action == "cancel_participant") {
      path = event + "/participants/" + need("participant_id") + "/cancel";
    } else if (action == "check_in") {
      path = event + "/participants/" + need("participant_id") + "/check-in";
    }
    if (!problems.empty()) return {};
    return Sandbox("POST", path, body);
  }

  // `action` with `repeat: N` performs it N times; the answer is the last one.
  Response DoRepeatedAction(const json& p, std::vector<std::string>& problems) {
    int repeat = std::max(1, p.value("repeat", 1));
    Response r;
    std::map<int, int> counts;
    for (int i = 0; i < repeat && problems.empty(); ++i) {
      r = DoAction(p, problems);
      counts[r.status]++;
    }
    r.status_counts = counts;
    return r;
  }

  // The newest journaled request under `path_prefix`, sent again (same
  // method, path and query) with the scenario's own token.
  Response DoApiReplay(const json& p, std::vector<std::string>& problems) {
    Response journal = Sandbox("GET", "/_sandbox/requests?" + OAuthAdapter::Form({{"path_prefix", Str(p, "path_prefix")},
                                                                                {"limit", "1"}}),
                               nullptr);
    const json* entry = journal.json.is_object() ? &journal.json["data"] : nullptr;
    if (journal.status != 200 || !entry || !entry->is_array() || entry->empty()) {
      problems.push_back("api_replay: the journal has no request under " + Str(p, "path_prefix") +
                         " (did the app make one?)");
      return journal;
    }
    const json& newest = (*entry)[0];
    Params query;
    for (const auto& [name, value] : newest.value("query", json::object()).items()) {
      if (value.is_array()) {
        for (const auto& one : value) query.emplace_back(name, one.is_string() ? one.get<std::string>() : one.dump());
      } else {
        query.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
      }
    }
    std::string path = newest.value("path", "");
    if (!query.empty()) path += "?" + OAuthAdapter::Form(query);
    Params headers{{"Authorization", "Bearer " + (p.contains("token") ? Str(p, "token") : Var("access_token"))},
                   {"Accept", "application/vnd.revento.v1+json"}};
    return emulator_->Send(newest.value("method", "GET"), path, headers, "", "");
  }

  // The app's pages (a path of --app, or an absolute URL on the app's or the
  // redirect URI's origin), walked by the scenario's one browser.
  Response DoAppGet(const json& p, std::vector<std::string>& problems) {
    std::string path = Str(p, "path");
    std::string url = target_.app_url + path;
    if (path.starts_with("http://") || path.starts_with("https://")) {
      std::string origin = SplitUrl(path).first;
      if (origin != target_.app_url && origin != SplitUrl(Var("redirect_uri")).first) {
        problems.push_back("app_get: " + path + " is neither on the app (" + target_.app_url +
                           ") nor on the redirect URI's origin; give a path of the app");
        return {};
      }
      url = path;
    }
    Browser::Walk walk;
    walk.decision = Str(p, "consent", "approve");
    walk.max_redirects = p.value("max_redirects", 20);
    walk.stop_before = Str(p, "stop_before");
    walk.stop_at = Str(p, "stop_at");
    return browser_.Get(url, walk);
  }

  Response DoHttp(const json& p, std::vector<std::string>& problems) {
    std::string to = Str(p, "to", "emulator");
    std::string path = Str(p, "path");
    std::string origin = target_.base_url;
    if (path.starts_with("http://") || path.starts_with("https://")) {
      std::tie(origin, path) = SplitUrl(path);
      if (origin != target_.base_url && (target_.app_url.empty() || origin != target_.app_url)) {
        problems.push_back("http: " + origin + " is neither the emulator (" + target_.base_url + ") nor the app (" +
                           (target_.app_url.empty() ? std::string("no --app given") : target_.app_url) +
                           "); a scenario sends requests only to those two");
        return {};
      }
    } else if (to == "receiver") {
      if (!receiver_) {
        problems.push_back("this scenario has no receiver");
        return {};
      }
      origin = SplitUrl(receiver_->url()).first;
    } else if (to == "app") {
      origin = target_.app_url;
    }
    std::string method = Str(p, "method", "GET");
    Params headers = HeadersOf(p.value("headers", json::object()));
    bool explicit_admin = std::any_of(headers.begin(), headers.end(), [](const auto& h) {
      return strcasecmp(h.first.c_str(), "X-Revento-Admin-Token") == 0;
    });
    // The admin token goes to the emulator's own origin only.
    if (origin == target_.base_url && path.starts_with("/_sandbox") && !explicit_admin) {
      Params admin = SandboxHeaders();
      headers.insert(headers.end(), admin.begin(), admin.end());
    }
    std::string body, content_type = Str(p, "content_type");
    if (p.contains("body")) {
      body = Str(p, "body");
    } else if (p.contains("json")) {
      body = p["json"].dump();
      if (content_type.empty()) content_type = "application/json";
    } else if (p.contains("form")) {
      Params form;
      for (const auto& [name, value] : p["form"].items()) form.emplace_back(name, Str(p["form"], name.c_str()));
      body = OAuthAdapter::Form(form);
      if (content_type.empty()) content_type = "application/x-www-form-urlencoded";
    }
    if (origin == target_.base_url) return emulator_->Send(method, path, headers, body, content_type);
    HttpPort other(origin);
    return other.Send(method, path, headers, body, content_type);
  }

  std::vector<std::pair<size_t, WebhookReceiver::Arrival>> Unconsumed(const std::string& type) {
    std::vector<std::pair<size_t, WebhookReceiver::Arrival>> out;
    auto arrivals = receiver_->Arrivals();
    for (size_t i = 0; i < arrivals.size(); ++i) {
      if (arrivals[i].consumed) continue;
      std::string got;
      for (const auto& [name, value] : arrivals[i].headers) {
        if (strcasecmp(name.c_str(), "X-Revento-Event") == 0) got = value;
      }
      if (type.empty() || got == type) out.emplace_back(i, arrivals[i]);
    }
    return out;
  }

  static std::string Describe(const std::vector<std::pair<size_t, WebhookReceiver::Arrival>>& arrivals) {
    std::string out;
    for (const auto& [i, a] : arrivals) {
      std::string type = a.json.is_object() ? a.json.value("type", "?") : "?";
      out += (out.empty() ? "" : ", ") + type;
    }
    return out.empty() ? "none" : out;
  }

  Response ArrivalResponse(const WebhookReceiver::Arrival& a) {
    Response r;
    r.status = a.answered;
    r.headers = a.headers;
    r.body = a.body;
    r.json = a.json;
    r.what = "delivery received at " + receiver_->url();
    return r;
  }

  Response DoExpectWebhook(const json& p, std::vector<std::string>& problems) {
    Response flushed = Sandbox("POST", "/_sandbox/deliveries/flush", json::object());
    if (flushed.status != 200) {
      problems.push_back("flush: expected 200");
      return flushed;
    }
    std::string type = Str(p, "type");
    int count = p.value("count", 1);
    auto candidates = Unconsumed(type);
    std::vector<std::pair<size_t, WebhookReceiver::Arrival>> matched;
    for (const auto& candidate : candidates) {
      Response as = ArrivalResponse(candidate.second);
      json where = p.value("where", json::object());
      if (CheckExpectations(json{{"json", where}}, as).empty()) matched.push_back(candidate);
    }
    if (static_cast<int>(matched.size()) != count) {
      problems.push_back("expected " + std::to_string(count) + " new " + type + " deliver" +
                         (count == 1 ? "y" : "ies") + (p.contains("where") ? " matching " + p["where"].dump() : "") +
                         ", got " + std::to_string(matched.size()) + " (new arrivals: " + Describe(Unconsumed("")) +
                         ")");
      return matched.empty() ? flushed : ArrivalResponse(matched.back().second);
    }
    bool want_valid = Str(p, "signature", "valid") == "valid";
    std::vector<size_t> indexes;
    for (const auto& [i, arrival] : matched) {
      indexes.push_back(i);
      if (arrival.verified != want_valid) {
        problems.push_back(want_valid ? "delivery " + type + " failed signature verification: " + arrival.verify_error
                                      : "delivery " + type + " passed signature verification, expected it not to");
      }
    }
    receiver_->Consume(indexes);
    if (matched.empty()) return flushed;
    return ArrivalResponse(matched.back().second);
  }

  Response DoExpectNoWebhook(const json& p, std::vector<std::string>& problems) {
    Response flushed = Sandbox("POST", "/_sandbox/deliveries/flush", json::object());
    if (flushed.status != 200) {
      problems.push_back("flush: expected 200");
      return flushed;
    }
    auto arrivals = Unconsumed(Str(p, "type"));
    if (!arrivals.empty()) {
      problems.push_back("expected no new " + Str(p, "type", "delivery") + ", got " + std::to_string(arrivals.size()) +
                         " (" + Describe(arrivals) + ")");
      return ArrivalResponse(arrivals.back().second);
    }
    return flushed;
  }

  // The default delivery: a fresh id, keys in the emulator's order,
  // indented and with a non-ASCII name, so that an app that verifies a
  // re-serialisation of the body instead of its bytes fails.
  std::string DefaultWebhookBody(const std::string& type, const std::string& id) {
    nlohmann::ordered_json body{{"id", "whe_" + id},
                                {"type", type},
                                {"created_at", "2026-11-27T10:00:00Z"},
                                {"event_id", Var("event_id")},
                                {"organization_id", Var("organization_id")},
                                {"data", {{"id", Var("event_id")}, {"object", "event"}, {"name", "Zoë's Summit"}}}};
    return body.dump(2);
  }

  // A delivery straight to the app's webhook route; the app must answer
  // within kWebhookAnswerLimit (an answer after it fails the step).
  Response DoSendWebhook(const json& p, std::vector<std::string>& problems) {
    std::string type = Str(p, "type");
    std::string id = OAuthAdapter::NewPkce().verifier.substr(0, 16);
    std::string body;
    if (p.contains("body")) {
      body = p["body"].is_string() ? p["body"].get<std::string>() : p["body"].dump();
    } else {
      body = DefaultWebhookBody(type, id);
    }
    std::string tamper = Str(p, "tamper", "none");
    std::string secret = Str(p, "secret", Var("webhook_secret"));
    long long now = SignatureAdapter(*target_.clock).NowUnix();
    long long signed_at = tamper == "stale_timestamp" ? now - 301 : tamper == "future_timestamp" ? now + 301 : now;
    std::string timestamp = std::to_string(signed_at);
    std::string signature = SignatureAdapter::Sign(tamper == "wrong_secret" ? secret + "x" : secret, timestamp, body);
    if (tamper == "signature") signature[signature.size() - 1] = signature.back() == '0' ? '1' : '0';
    std::string sent = body;
    if (tamper == "body") sent = body + " ";
    if (tamper == "reserialized") {
      json parsed = json::parse(body, nullptr, false);
      sent = parsed.is_discarded() ? body : parsed.dump();
      if (sent == body) {
        problems.push_back("send_webhook: tamper: reserialized needs a body whose compact JSON form differs from it");
        return {};
      }
    }
    Params headers{{"X-Revento-Event", type}, {"X-Revento-Delivery-Id", Str(p, "delivery_id", "dlv_" + id)}};
    if (tamper != "no_timestamp") headers.emplace_back("X-Revento-Timestamp", timestamp);
    if (tamper != "no_signature") headers.emplace_back("X-Revento-Signature", signature);
    HttpPort app(target_.app_url);
    app.SetReadTimeout(kWebhookAnswerLimit + std::chrono::seconds(1));
    TimePoint started = target_.clock->Now();
    Response r = app.Send("POST", Str(p, "path", Var("webhook_path")), headers, sent, "application/json");
    auto took = target_.clock->Now() - started;
    if (took > kWebhookAnswerLimit) {
      problems.push_back("the app answered after " +
                         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
                         " ms; Revento waits 10 s for an answer, then counts the attempt as failed and retries: "
                         "answer first, then do the work");
    }
    return r;
  }

  Response DoRunEmulator(const json& p, std::vector<std::string>& problems) {
    if (target_.emulator_binary.empty()) {
      problems.push_back("run_emulator needs the emulator binary: run with --spawn (or --emulator-binary)");
      return {};
    }
    std::vector<std::string> args;
    for (const auto& a : p["args"]) args.push_back(a.get<std::string>());
    CommandOutcome outcome = RunEmulatorCommand(target_.emulator_binary, args, SignalNumber(Str(p, "signal")), 15);
    Response r;
    r.status = outcome.exit_code;
    r.body = outcome.err;
    r.json = json::parse(outcome.first_line, nullptr, false);
    r.what = "revento-emulator";
    for (const auto& a : args) r.what += " " + a;
    if (outcome.timed_out) problems.push_back("revento-emulator did not exit within 15 s");
    return r;
  }

  const Scenario& scenario_;
  Target& target_;
  json vars_;
  std::set<std::string> uncaptured_;  // captures that failed (later steps that use them are not run)
  Browser browser_;                   // one for all app steps: cookies persist
  std::unique_ptr<HttpPort> emulator_;
  std::unique_ptr<OAuthAdapter> oauth_;
  std::unique_ptr<ApiAdapter> api_;
  std::unique_ptr<WebhookReceiver> receiver_;
};

}  // namespace

nlohmann::json BaseVariables(const Target& target) {
  const json& c = target.config;
  json vars;
  vars["base"] = target.base_url;
  vars["auth_base"] = target.base_url;
  vars["api_base"] = target.base_url + "/api/v1";
  vars["issuer"] = c.value("issuer", "");
  vars["event_id"] = c.value("event_id", "evt_abc123");
  vars["organization_id"] = c.value("organization_id", "org_xyz789");
  vars["client_id"] = c.value("client_id", "rev_client_quickstart");
  vars["client_secret"] = c.value("client_secret", "rev_secret_sandbox_quickstart");
  vars["webhook_secret"] = c.value("webhook_secret", "whsec_sandbox_quickstart");
  vars["redirect_uri"] = c.value("redirect_uri", "http://localhost:3000/callback");
  // The sandbox's own integration, kept when `integration:` replaces client_id and the secrets.
  vars["sandbox_client_id"] = vars["client_id"];
  vars["sandbox_client_secret"] = vars["client_secret"];
  vars["sandbox_webhook_secret"] = vars["webhook_secret"];
  vars["app"] = target.app_url;
  vars["emulator_binary"] = target.emulator_binary;
  for (const auto& [name, fallback] : AppRouteVariables()) vars[std::string(name)] = std::string(fallback);
  for (const auto& [name, value] : target.variables.items()) vars[name] = value;
  return vars;
}

std::string MissingRequirement(const Scenario& scenario, const nlohmann::json& variables) {
  for (const auto& name : scenario.requires_vars) {
    if (!variables.contains(name) || variables[name] == "" || variables[name].is_null()) {
      std::string example = name == "api_path" ? "/participants" : "VALUE";
      std::string why = name == "api_path" ? ", a route of your app that reads the Read API with its stored token" : "";
      return "needs " + name + ": pass --set " + name + "=" + example + why;
    }
  }
  return "";
}

ScenarioResult RunScenario(const Scenario& scenario, Target& target) {
  ScenarioResult result;
  result.name = scenario.name;
  result.file = scenario.file;
  auto started = std::chrono::steady_clock::now();
  Run run(scenario, target);
  result.failures = run.Execute();
  if (!result.failures.empty()) result.failure = result.failures.front();
  result.outcome = result.failure ? ScenarioResult::Outcome::kFailed : ScenarioResult::Outcome::kPassed;
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace revento::client::scenarios
