#include "client/scenarios/step_catalog.h"

#include <algorithm>
#include <regex>

#include "client/scenarios/app_steps.h"
#include "client/scenarios/oauth_steps.h"
#include "client/scenarios/request_steps.h"
#include "client/scenarios/runner_steps.h"
#include "client/scenarios/sandbox_steps.h"
#include "client/scenarios/webhook_steps.h"

namespace revento::client::scenarios {

namespace {

using F = FieldType;
using N = StepNeeds;

// Default expectations of step kinds (a step's own `expect:` replaces them).
constexpr std::string_view kSucceeds = R"({"status": [200, 201, 204]})";
constexpr std::string_view kAnswersBelow500 = R"({"status_class": ["2xx", "3xx", "4xx"]})";
constexpr std::string_view kExitsZero = R"({"status": 0})";

}  // namespace

// A row: kind, summary, shorthand, fields, runner, default expectation ({}:
// none), and, when it has them, what it needs and the field that drops the default.
const std::vector<StepSpec>& StepCatalog() {
  static const std::vector<StepSpec> kSteps{
      {"connect",
       "the OAuth authorization-code flow with PKCE, as the reference client does it, with knobs to misbehave",
       "",
       {{"client_id", F::kString},
        {"client_secret", F::kString},
        {"redirect_uri", F::kString},
        {"token_redirect_uri", F::kString},
        {"scope", F::kString},
        {"event_id", F::kString},
        {"state", F::kString},
        {"response_type", F::kString},
        {"pkce", F::kString, false, {"s256", "plain", "none", "wrong_verifier"}},
        {"code_challenge", F::kString},
        {"code_challenge_method", F::kString},
        {"code_verifier", F::kString},
        {"consent", F::kString, false, {"approve", "deny"}},
        {"stop_after", F::kString, false, {"authorize", "consent", "token"}},
        {"reuse_code", F::kBoolean},
        {"client_auth", F::kString, false, {"body", "basic", "both"}},
        {"query", F::kObject}},
       RunConnect, kSucceeds, N::kNothing, "stop_after"},
      {"refresh",
       "POST /oauth/token grant_type=refresh_token; on 200 the new tokens replace ${access_token} and ${refresh_token}",
       "",
       {{"refresh_token", F::kString},
        {"scope", F::kString},
        {"client_id", F::kString},
        {"client_secret", F::kString},
        {"parallel", F::kInteger},
        {"keep_tokens", F::kBoolean}},
       RunRefresh, kSucceeds},
      {"revoke",
       "POST /oauth/revoke (RFC 7009)",
       "token",
       {{"token", F::kString, true},
        {"token_type_hint", F::kString},
        {"client_id", F::kString},
        {"client_secret", F::kString}},
       RunRevoke, kSucceeds},
      {"api",
       "a Read API request (GET by default) with ${access_token} as the bearer token",
       "path",
       {{"path", F::kString, true},
        {"token", F::kString},
        {"method", F::kString, false, {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}},
        {"accept", F::kString},
        {"headers", F::kObject},
        {"repeat", F::kInteger}},
       RunApi, kSucceeds},
      {"clock",
       "the sandbox clock: exactly one of advance, set, freeze, resume",
       "",
       {{"advance", F::kDuration}, {"set", F::kStringOrInteger}, {"freeze", F::kBoolean}, {"resume", F::kBoolean}},
       RunClock, kSucceeds},
      {"action",
       "an organizer action of docs/webhooks.md",
       "action",
       {{"action", F::kString, true, ActionNames()},
        {"event_id", F::kString},
        {"application_id", F::kString},
        {"participant_id", F::kString},
        {"body", F::kObject},
        {"repeat", F::kInteger}},
       RunAction, kSucceeds},
      {"trigger",
       "POST /_sandbox/webhooks/trigger: a synthetic occurrence of any catalog type",
       "type",
       {{"type", F::kString, true},
        {"event_id", F::kString},
        {"application_id", F::kString},
        {"participant_id", F::kString},
        {"overrides", F::kAny}},
       RunTrigger, kSucceeds},
      {"fault",
       "POST /_sandbox/faults (match + action, optional times or probability), or clear: true to delete every fault",
       "",
       {{"match", F::kObject},
        {"action", F::kObject},
        {"times", F::kInteger},
        {"probability", F::kAny},
        {"clear", F::kBoolean}},
       RunFault, kSucceeds},
      {"journal",
       "GET /_sandbox/requests with filters (newest first), or clear: true to empty the journal",
       "path_prefix",
       {{"path_prefix", F::kString},
        {"method", F::kString},
        {"status", F::kStringOrInteger},
        {"since", F::kStringOrInteger},
        {"limit", F::kInteger},
        {"clear", F::kBoolean}},
       RunJournal, kSucceeds},
      {"api_replay",
       "re-send the newest journaled request under path_prefix (its method, path and query) with ${access_token}",
       "path_prefix",
       {{"path_prefix", F::kString, true}, {"token", F::kString}},
       RunApiReplay, kSucceeds},
      {"http",
       "any raw HTTP request to the emulator (or the receiver or the app); an absolute URL must be the emulator's or "
       "the app's",
       "path",
       {{"method", F::kString},
        {"path", F::kString, true},
        {"to", F::kString, false, {"emulator", "receiver", "app"}},
        {"headers", F::kObject},
        {"body", F::kString},
        {"json", F::kAny},
        {"form", F::kObject},
        {"content_type", F::kString}},
       RunHttp, {}},
      {"receiver",
       "how the scenario's webhook receiver answers the next deliveries",
       "",
       {{"status", F::kInteger},
        {"times", F::kInteger},
        {"hang", F::kBoolean},
        {"headers", F::kObject},
        {"body", F::kString}},
       RunReceiver, {}, N::kReceiver},
      {"flush", "POST /_sandbox/deliveries/flush: send what is due and wait for attempts in flight", "", {},
       RunFlush, kSucceeds},
      {"expect_webhook",
       "flush, then exactly `count` new verified deliveries of `type` (matching `where`) reached the receiver",
       "type",
       {{"type", F::kString, true},
        {"count", F::kInteger},
        {"where", F::kObject},
        {"signature", F::kString, false, {"valid", "invalid"}}},
       RunExpectWebhook, {}, N::kReceiver},
      {"expect_no_webhook",
       "flush, then no new delivery (of `type`, when given) reached the receiver",
       "type",
       {{"type", F::kString}},
       RunExpectNoWebhook, {}, N::kReceiver},
      {"app_get",
       "GET a path (or URL) of the app (--app) and follow redirects like a browser that keeps its cookies across "
       "steps, approving or denying consent",
       "path",
       {{"path", F::kString, true},
        {"consent", F::kString, false, {"approve", "deny"}},
        {"max_redirects", F::kInteger},
        {"stop_before", F::kString},
        {"stop_at", F::kString},
        {"parallel", F::kInteger}},
       RunAppGet, kAnswersBelow500, N::kApp},
      {"send_webhook",
       "a signed (or deliberately broken) delivery sent straight to the app (--app)",
       "type",
       {{"type", F::kString, true},
        {"path", F::kString},
        {"body", F::kAny},
        {"secret", F::kString},
        {"delivery_id", F::kString},
        {"tamper",
         F::kString,
         false,
         {"none", "signature", "body", "stale_timestamp", "future_timestamp", "no_signature", "no_timestamp",
          "wrong_secret", "reserialized"}}},
       RunSendWebhook, kAnswersBelow500, N::kApp},
      {"run_emulator",
       "run revento-emulator with `args` (only with --spawn): status is its exit code, body its stderr",
       "",
       {{"args", F::kStringList, true}, {"signal", F::kString, false, {"TERM", "INT", "KILL"}}},
       RunEmulator, kExitsZero, N::kBinary},
      {"restart_emulator",
       "stop the scenario's own emulator with a signal and start it again with the same flags (only with --spawn)",
       "",
       {{"signal", F::kString, false, {"TERM", "INT", "KILL"}}},
       RunRestartEmulator, kSucceeds, N::kBinary},
      {"set", "assign variables (values may use ${...})", "", {{"vars", F::kObject, true}},
       RunSet, kSucceeds},
  };
  return kSteps;
}

const StepSpec* FindStep(std::string_view kind) {
  for (const auto& step : StepCatalog()) {
    if (step.kind == kind) return &step;
  }
  return nullptr;
}

nlohmann::json DefaultExpectations(std::string_view kind, const nlohmann::json& params) {
  const StepSpec* spec = FindStep(kind);
  if (!spec || spec->default_expect.empty()) return nlohmann::json::object();
  if (!spec->no_default_with.empty() && params.contains(std::string(spec->no_default_with))) return nlohmann::json::object();
  return nlohmann::json::parse(spec->default_expect);
}

const std::vector<FieldSpec>& ExpectationFields() {
  static const std::vector<FieldSpec> kFields{
      {"status", F::kIntegerOrList},
      {"error", F::kString},
      {"headers", F::kObject},
      {"headers_match", F::kObject},
      {"headers_absent", F::kStringList},
      {"json", F::kObject},
      {"json_exists", F::kStringList},
      {"json_absent", F::kStringList},
      {"json_matches", F::kObject},
      {"json_length", F::kObject},
      {"body_contains", F::kString},
      {"body_matches", F::kString},
      {"body_not_contains", F::kString},
      {"query", F::kObject},
      {"query_absent", F::kStringList},
      {"counts", F::kObject},
      {"status_class", F::kStringOrList, false, {"1xx", "2xx", "3xx", "4xx", "5xx"}},
      {"items", F::kObject},
  };
  return kFields;
}

const std::vector<FieldSpec>& ItemsFields() {
  static const std::vector<FieldSpec> kFields{
      {"where", F::kObject},   {"where_matches", F::kObject}, {"count", F::kInteger},
      {"min_count", F::kInteger}, {"max_count", F::kInteger},   {"all", F::kObject},
      {"all_matches", F::kObject}, {"distinct", F::kStringList},
  };
  return kFields;
}

const std::vector<std::pair<std::string_view, std::string_view>>& AppRouteVariables() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kRoutes{
      {"connect_path", "/connect"},
      {"callback_path", "/callback"},
      {"webhook_path", "/webhooks/revento"},
      {"api_path", ""},
  };
  return kRoutes;
}

const std::vector<FieldSpec>& ScenarioFields() {
  static const std::vector<FieldSpec> kFields{
      {"name", F::kString, true},   {"description", F::kString}, {"covers", F::kStringList, true},
      {"emulator", F::kStringList}, {"integration", F::kObject}, {"vars", F::kObject},
      {"requires", F::kStringList}, {"steps", F::kAny, true},
  };
  return kFields;
}

std::string_view TypeName(FieldType type) {
  switch (type) {
    case F::kString:
      return "a string";
    case F::kInteger:
      return "an integer";
    case F::kBoolean:
      return "true or false";
    case F::kObject:
      return "a mapping";
    case F::kStringList:
      return "a list of strings";
    case F::kIntegerOrList:
      return "an integer or a list of integers";
    case F::kDuration:
      return "a duration (seconds, or a number with s, m, h or d)";
    case F::kStringOrInteger:
      return "a string or an integer";
    case F::kAny:
      return "any value";
    case F::kStringOrList:
      return "a string or a list of strings";
  }
  return "a value";
}

long long DurationSeconds(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<long long>() >= 0 ? value.get<long long>() : -1;
  if (!value.is_string()) return -1;
  static const std::regex kDuration(R"(([0-9]+)\s*(s|m|h|d)?)");
  std::smatch m;
  const std::string text = value.get<std::string>();
  if (!std::regex_match(text, m, kDuration)) return -1;
  long long n = std::stoll(m[1].str());
  std::string unit = m[2].str();
  if (unit == "m") return n * 60;
  if (unit == "h") return n * 3600;
  if (unit == "d") return n * 86400;
  return n;
}

std::string CheckField(const FieldSpec& spec, const nlohmann::json& value) {
  bool ok = false;
  switch (spec.type) {
    case F::kString:
      ok = value.is_string();
      break;
    case F::kInteger:
      ok = value.is_number_integer();
      break;
    case F::kBoolean:
      ok = value.is_boolean();
      break;
    case F::kObject:
      ok = value.is_object();
      break;
    case F::kStringList:
      ok = value.is_array();
      for (const auto& item : value) ok = ok && item.is_string();
      break;
    case F::kIntegerOrList:
      ok = value.is_number_integer() || value.is_array();
      if (value.is_array()) {
        for (const auto& item : value) ok = ok && item.is_number_integer();
      }
      break;
    case F::kDuration:
      ok = DurationSeconds(value) >= 0 ||
           (value.is_string() && value.get<std::string>().find("${") != std::string::npos);
      break;
    case F::kStringOrInteger:
      ok = value.is_string() || value.is_number_integer();
      break;
    case F::kAny:
      ok = true;
      break;
    case F::kStringOrList:
      ok = value.is_string() || value.is_array();
      if (value.is_array()) {
        for (const auto& item : value) ok = ok && item.is_string();
      }
      break;
  }
  if (!ok) return std::string(TypeName(spec.type));
  if (spec.one_of.empty()) return "";
  std::string allowed;
  for (auto v : spec.one_of) allowed += (allowed.empty() ? "" : ", ") + std::string(v);
  auto allowed_text = [&](const nlohmann::json& item) {
    return !item.is_string() ||
           std::find(spec.one_of.begin(), spec.one_of.end(), item.get<std::string>()) != spec.one_of.end();
  };
  if (value.is_array()) {
    for (const auto& item : value) {
      if (!allowed_text(item)) return "each one of " + allowed;
    }
    return "";
  }
  return allowed_text(value) ? "" : "one of " + allowed;
}

}  // namespace revento::client::scenarios
