#include "client/scenarios/scenario_run.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "client/scenarios/expectations.h"
#include "client/scenarios/oauth_steps.h"
#include "client/scenarios/step_catalog.h"
#include "client/scenarios/step_context.h"
#include "client/scenarios/variables.h"

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

const char* kAllScopes[] = {"event.read", "participants.read", "applications.read", "attendance.read"};
const char* kAllTypes[] = {"event.published",        "event.updated",        "event.cancelled",
                           "application.submitted",  "application.approved", "application.rejected",
                           "participant.registered", "participant.updated",  "participant.cancelled",
                           "participant.checked_in", "installation.revoked"};

json StartingVariables(const Scenario& scenario, const Target& target) {
  json vars = BaseVariables(target);
  vars["scenario_dir"] = std::filesystem::path(scenario.file).parent_path().string();
  for (const auto& [name, value] : scenario.vars.items()) vars[name] = value;
  for (const auto& [name, value] : target.variables.items()) vars[name] = value;
  return vars;
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

// An emulator started with --auto-consent answers /oauth/authorize with a
// redirect carrying a code where a scenario expects the consent page.
std::string AutoConsentHint(const Response& r) {
  if (r.status != 302 || !r.query.count("code") || r.what.find("/oauth/authorize") == std::string::npos) return "";
  return std::string(kAutoConsentHint);
}

// Performs one step through its row's runner.
Response Perform(StepContext& context, const Step& step, std::vector<std::string>& problems) {
  const StepSpec* spec = FindStep(step.kind);
  if (!spec || !spec->run) {
    problems.push_back("no runner for step kind " + step.kind);
    return {};
  }
  return spec->run(context, step.params, problems);
}

class Run {
 public:
  Run(const Scenario& scenario, Target& target)
      : scenario_(scenario), context_(target, StartingVariables(scenario, target)) {}

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
    json& vars = context_.vars();
    auto resolved = Substitute(raw.params, vars);
    if (!resolved) return Failure(raw, {NotRun(resolved.error().message)}, nullptr);
    Step step = raw;
    step.params = *resolved;
    auto expect = Substitute(raw.expect, vars);
    if (!expect) return Failure(raw, {NotRun(expect.error().message)}, nullptr);
    step.expect = *expect;
    std::vector<std::string> problems;
    Response response = Perform(context_, step, problems);
    if (problems.empty()) {
      json expectations = step.expect.empty() ? DefaultExpectations(step.kind, step.params) : step.expect;
      problems = CheckExpectations(expectations, response);
    }
    Capture(step, response, problems);
    if (problems.empty()) return std::nullopt;
    std::string hint = AutoConsentHint(response);
    if (!hint.empty() && std::find(problems.begin(), problems.end(), hint) == problems.end()) problems.push_back(hint);
    return Failure(step, problems, &response);
  }

  void Capture(const Step& step, const Response& response, std::vector<std::string>& problems) {
    for (const auto& [name, source] : step.capture.items()) {
      auto value = CaptureValue(source.get<std::string>(), response);
      if (!value) {
        problems.push_back("capture " + name + ": " + value.error().message);
        uncaptured_.insert(name);
      } else {
        context_.vars()[name] = *value;
        uncaptured_.erase(name);
      }
    }
  }

  // A step that could not be resolved names the earlier capture it waited for.
  std::string NotRun(const std::string& why) const {
    for (const auto& name : uncaptured_) {
      if (why.find("${" + name + "}") != std::string::npos)
        return "not run: it uses ${" + name + "}, which an earlier failing step did not capture";
    }
    return why;
  }

  bool UsesReceiver() const {
    if (!scenario_.integration.is_null()) return true;
    return std::any_of(scenario_.steps.begin(), scenario_.steps.end(), [](const Step& step) {
      const StepSpec* spec = FindStep(step.kind);
      return spec && spec->needs == StepNeeds::kReceiver;
    });
  }

  std::optional<StepFailure> Setup() {
    json& vars = context_.vars();
    if (UsesReceiver()) {
      WebhookReceiver& receiver = context_.StartReceiver();
      vars["receiver_url"] = receiver.url();
      receiver.SetSecret(vars.value("webhook_secret", ""));
    }
    if (scenario_.integration.is_null()) return std::nullopt;
    Step setup;
    setup.kind = "integration";
    setup.index = 0;
    setup.line = 1;
    auto manifest = Manifest();
    if (!manifest) return Failure(setup, {manifest.error().message}, nullptr);
    Response r = context_.Sandbox("POST", "/_sandbox/integrations", *manifest);
    if (r.status != 201 || !r.json.is_object())
      return Failure(setup, {"registering the scenario's integration: expected 201"}, &r);
    vars["integration_id"] = r.json.value("id", "");
    vars["client_id"] = r.json.value("client_id", "");
    vars["client_secret"] = r.json.value("client_secret", "");
    vars["webhook_secret"] = r.json.value("webhook_secret", "");
    vars["redirect_uri"] = (*manifest)["redirect_uris"][0];
    context_.receiver()->SetSecret(vars["webhook_secret"].get<std::string>());
    return std::nullopt;
  }

  // The scenario's `integration:`, resolved, with the defaults for what it leaves out.
  Result<json> Manifest() {
    auto manifest = Substitute(scenario_.integration, context_.vars());
    if (!manifest) return manifest;
    json& m = *manifest;
    if (!m.contains("name")) m["name"] = scenario_.name.substr(0, 100);
    if (!m.contains("redirect_uris")) m["redirect_uris"] = json::array({context_.Var("redirect_uri")});
    if (!m.contains("scopes")) m["scopes"] = kAllScopes;
    if (!m.contains("webhook_events")) m["webhook_events"] = kAllTypes;
    if (!m.contains("webhook_url")) m["webhook_url"] = context_.receiver()->url();
    return manifest;
  }

  const Scenario& scenario_;
  StepContext context_;
  std::set<std::string> uncaptured_;  // captures that failed (later steps that use them are not run)
};

}  // namespace

nlohmann::json BaseVariables(const Target& target) {
  const json c = target.config.is_object() ? target.config : json::object();
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
