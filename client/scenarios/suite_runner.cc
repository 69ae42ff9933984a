#include "client/scenarios/suite_runner.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "client/scenarios/adapters.h"
#include "client/scenarios/emulator_process.h"
#include "client/scenarios/junit_report.h"
#include "client/scenarios/variables.h"

namespace revento::client::scenarios {

namespace {

ScenarioResult Skipped(const Scenario& s, std::string reason) {
  ScenarioResult r;
  r.name = s.name;
  r.file = s.file;
  r.outcome = ScenarioResult::Outcome::kSkipped;
  r.skip_reason = std::move(reason);
  return r;
}

ScenarioResult SetupFailure(const Scenario& s, std::string problem) {
  ScenarioResult r;
  r.name = s.name;
  r.file = s.file;
  r.outcome = ScenarioResult::Outcome::kFailed;
  StepFailure f;
  f.kind = "setup";
  f.line = 1;
  f.problems.push_back(std::move(problem));
  r.failure = f;
  r.failures = {f};
  return r;
}

// Resolves ${scenario_dir} and ${tmp} in a scenario's emulator flags.
Result<std::vector<std::string>> ResolveFlags(const Scenario& s, const std::string& tmp) {
  nlohmann::json vars{{"scenario_dir", std::filesystem::path(s.file).parent_path().string()}, {"tmp", tmp}};
  std::vector<std::string> out;
  for (const auto& flag : s.emulator_flags) {
    auto text = SubstituteText(flag, vars);
    if (!text) return portable::unexpected(text.error());
    out.push_back(*text);
  }
  return out;
}

// Spawned emulators point the fixture integrations' webhooks at a closed
// loopback port, so that a suite run never posts to an app the developer has
// running on the fixtures' localhost:3000; scenarios receive webhooks on
// their own receiver. A scenario that gives --webhook-url keeps its own.
std::vector<std::string> WithQuietFixtureWebhooks(std::vector<std::string> flags) {
  if (std::find(flags.begin(), flags.end(), "--webhook-url") != flags.end()) return flags;
  flags.insert(flags.begin(), {"--webhook-url", "http://127.0.0.1:1/revento-scenarios-fixture-webhooks"});
  return flags;
}

std::string AdminTokenOf(const std::vector<std::string>& flags, const std::string& fallback) {
  for (size_t i = 0; i + 1 < flags.size(); ++i) {
    if (flags[i] == "--admin-token") return flags[i + 1];
  }
  return fallback;
}

class Worker {
 public:
  Worker(const SuiteOptions& options) : options_(options) {}

  ScenarioResult Run(const Scenario& s) {
    if (s.needs_app && options_.app_url.empty()) return Skipped(s, "needs --app URL (an app to test)");
    {
      Target probe;
      probe.variables = options_.variables;
      if (std::string missing = MissingRequirement(s, BaseVariables(probe)); !missing.empty())
        return Skipped(s, missing);
    }
    if (!options_.emulator_url.empty() && (!s.emulator_flags.empty() || s.needs_binary))
      return Skipped(s, "needs its own emulator (flags or run_emulator): run with --spawn");
    if (!s.emulator_flags.empty()) return RunOwn(s);
    Target target;
    target.clock = options_.clock;
    target.app_url = options_.app_url;
    target.emulator_binary = options_.emulator_binary;
    target.admin_token = options_.admin_token;
    target.variables = options_.variables;
    if (options_.emulator_url.empty()) {
      if (!shared_) {
        auto started = EmulatorProcess::Start(options_.emulator_binary, SharedFlags());
        if (!started) return SetupFailure(s, started.error().message);
        shared_ = std::move(*started);
        if (options_.announce_emulator) options_.announce_emulator(shared_->base_url(), shared_->config());
      } else if (auto problem = Reset(shared_->base_url(), options_.admin_token)) {
        return SetupFailure(s, *problem);
      }
      target.base_url = shared_->base_url();
      target.config = shared_->config();
    } else {
      if (auto problem = Reset(options_.emulator_url, options_.admin_token)) return SetupFailure(s, *problem);
      auto config = ConfigOf(options_.emulator_url, options_.admin_token);
      if (!config) return SetupFailure(s, config.error().message);
      target.base_url = options_.emulator_url;
      target.config = *config;
    }
    return RunScenario(s, target);
  }

 private:
  // With an app, the shared emulator delivers the fixture's webhooks to it.
  std::vector<std::string> SharedFlags() const {
    if (options_.app_url.empty()) return WithQuietFixtureWebhooks({});
    Target probe;
    probe.variables = options_.variables;
    return {"--webhook-url", options_.app_url + BaseVariables(probe).value("webhook_path", "")};
  }

  // A reset leaves faults and the journal alone (docs/emulator.md), so the
  // runner clears both: no scenario sees another's faults or requests.
  static std::optional<std::string> Reset(const std::string& base_url, const std::string& admin_token) {
    HttpPort http(base_url);
    Params headers;
    if (!admin_token.empty()) headers.emplace_back("X-Revento-Admin-Token", admin_token);
    for (const auto& [method, path] : {std::pair{"POST", "/_sandbox/reset"}, std::pair{"DELETE", "/_sandbox/faults"},
                                       std::pair{"DELETE", "/_sandbox/requests"}}) {
      Response r = http.Send(method, path, headers, "", "");
      if (r.status != 200)
        return std::string(method) + " " + base_url + path + " answered " + std::to_string(r.status) + ": " +
               r.BodyExcerpt();
    }
    return std::nullopt;
  }

  // Against --emulator URL the secrets and ids come from the running
  // emulator's own state (its first integration and first event), so a
  // sandbox started with --random-secrets or other fixtures works too.
  static Result<nlohmann::json> ConfigOf(const std::string& base_url, const std::string& admin_token) {
    HttpPort http(base_url);
    Params headers;
    if (!admin_token.empty()) headers.emplace_back("X-Revento-Admin-Token", admin_token);
    Response r = http.Send("GET", "/_sandbox/state", headers, "", "");
    auto fail = [&](const std::string& why) {
      return portable::unexpected(Error{"reading " + base_url + "/_sandbox/state for the sandbox's ids and secrets: " + why});
    };
    if (r.status != 200 || !r.json.is_object())
      return fail("answered " + std::to_string(r.status) + ": " + r.BodyExcerpt());
    const auto& integrations = r.json.value("integrations", nlohmann::json::array());
    const auto& events = r.json.value("events", nlohmann::json::array());
    if (integrations.empty() || events.empty()) return fail("the sandbox has no integration or no event");
    const auto& integration = integrations[0];
    nlohmann::json config;
    for (const char* key : {"client_id", "client_secret", "webhook_secret"}) config[key] = integration.value(key, "");
    nlohmann::json redirect_uris = integration.value("redirect_uris", nlohmann::json::array());
    if (redirect_uris.is_string()) redirect_uris = nlohmann::json::parse(redirect_uris.get<std::string>(), nullptr, false);
    if (redirect_uris.is_array() && !redirect_uris.empty() && redirect_uris[0].is_string())
      config["redirect_uri"] = redirect_uris[0];
    config["event_id"] = events[0].value("id", "");
    config["organization_id"] = events[0].value("organization_id", "");
    Response metadata = http.Send("GET", "/.well-known/oauth-authorization-server", {}, "", "");
    config["issuer"] = metadata.status == 200 && metadata.json.is_object() ? metadata.json.value("issuer", base_url)
                                                                           : base_url;
    return config;
  }

  ScenarioResult RunOwn(const Scenario& s) {
    std::string tmp_template = (std::filesystem::temp_directory_path() / "revento-scenario-XXXXXX").string();
    std::string tmp = mkdtemp(tmp_template.data()) ? tmp_template : "";
    auto flags = ResolveFlags(s, tmp);
    ScenarioResult result;
    if (!flags) {
      result = SetupFailure(s, flags.error().message);
    } else {
      auto started = EmulatorProcess::Start(options_.emulator_binary, WithQuietFixtureWebhooks(*flags));
      if (!started) {
        result = SetupFailure(s, "starting the scenario's emulator with its flags: " + started.error().message);
      } else {
        std::unique_ptr<EmulatorProcess> own = std::move(*started);
        Target target;
        target.clock = options_.clock;
        target.variables = options_.variables;
        target.app_url = options_.app_url;
        target.emulator_binary = options_.emulator_binary;
        target.admin_token = AdminTokenOf(*flags, options_.admin_token);
        target.base_url = own->base_url();
        target.config = own->config();
        std::vector<std::string> restart_flags = *flags;
        target.restart = [&own, &target, restart_flags, this](int signal_number) -> Result<nlohmann::json> {
          own->Stop(signal_number);
          auto again = EmulatorProcess::Start(options_.emulator_binary, WithQuietFixtureWebhooks(restart_flags));
          if (!again) return portable::unexpected(again.error());
          own = std::move(*again);
          target.base_url = own->base_url();
          return own->config();
        };
        result = RunScenario(s, target);
        own->Stop(SIGKILL);
      }
    }
    if (!tmp.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(tmp, ec);
    }
    return result;
  }

  const SuiteOptions& options_;
  std::unique_ptr<EmulatorProcess> shared_;
};

}  // namespace

std::string FormatResult(const ScenarioResult& r) {
  std::string ms = std::to_string(r.duration.count()) + " ms";
  switch (r.outcome) {
    case ScenarioResult::Outcome::kPassed:
      return "PASS  " + r.name + " (" + ms + ")";
    case ScenarioResult::Outcome::kSkipped:
      return "SKIP  " + r.name + ": " + r.skip_reason;
    case ScenarioResult::Outcome::kFailed:
      break;
  }
  std::string out = "FAIL  " + r.name + " (" + ms + ")  " + r.file;
  std::vector<StepFailure> failures = r.failures;
  if (failures.empty() && r.failure) failures.push_back(*r.failure);
  for (const StepFailure& f : failures) {
    out += "\n      " + (f.kind == "setup" || f.kind == "integration" ? f.kind
                                                                       : "step " + std::to_string(f.index) + " (" +
                                                                             f.kind + ")");
    if (!f.label.empty()) out += " \"" + f.label + "\"";
    out += " at " + r.file + ":" + std::to_string(f.line);
    for (const auto& problem : f.problems) out += "\n      " + problem;
    if (!f.what.empty() || f.status != 0) {
      out += "\n      " + (f.what.empty() ? std::string("response") : f.what) + " -> " + std::to_string(f.status);
      if (!f.request_id.empty()) out += ", request id " + f.request_id;
      if (!f.location.empty()) out += "\n      Location: " + f.location;
      if (!f.body_excerpt.empty()) out += "\n      body: " + f.body_excerpt;
    }
  }
  return out;
}

Result<SuiteSummary> RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options, std::ostream& out) {
  SuiteSummary summary;
  summary.results.resize(scenarios.size());
  int jobs = options.emulator_url.empty() ? std::max(1, options.jobs) : 1;
  jobs = std::min<int>(jobs, std::max<size_t>(1, scenarios.size()));
  std::atomic<size_t> next{0};
  std::mutex print;
  auto work = [&] {
    Worker worker(options);
    for (size_t i = next++; i < scenarios.size(); i = next++) {
      ScenarioResult result = worker.Run(scenarios[i]);
      std::lock_guard lock(print);
      out << FormatResult(result) << "\n" << std::flush;
      summary.results[i] = std::move(result);
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  for (const auto& r : summary.results) {
    summary.passed += r.outcome == ScenarioResult::Outcome::kPassed;
    summary.failed += r.outcome == ScenarioResult::Outcome::kFailed;
    summary.skipped += r.outcome == ScenarioResult::Outcome::kSkipped;
  }
  out << summary.passed << " passed, " << summary.failed << " failed";
  if (summary.skipped > 0) out << ", " << summary.skipped << " skipped";
  out << "\n" << std::flush;
  if (!options.junit_path.empty()) {
    std::ofstream junit(options.junit_path, std::ios::binary | std::ios::trunc);
    junit << JunitXml(summary.results);
    if (!junit) return Fail("cannot write the JUnit report to " + options.junit_path);
  }
  return summary;
}

}  // namespace revento::client::scenarios
