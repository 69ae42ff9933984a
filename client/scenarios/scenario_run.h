// Running one scenario's steps against one emulator.
//
// RunScenario resolves `${...}` in each step, performs it with its kind's
// runner (its row in step_catalog.cc, over a StepContext: step_context.h),
// checks its expectations (the row's default when the step has none) and
// applies its captures.
// A failing step does not stop the scenario: every step runs and each
// failure is reported (a step that needs a variable an earlier failing step
// did not capture fails naming it). Before the steps it starts the
// scenario's webhook receiver when the scenario uses one, and registers the
// scenario's `integration:` (webhook URL = the receiver) through
// POST /_sandbox/integrations.
//
// The Target says where things are: the emulator's base URL and config
// (from --print-config, or defaults for --emulator URL), the app URL, the
// emulator binary, and, when the scenario owns its emulator, a restart
// function for `restart_emulator`, and the variables given with `--set`
// (they override the defaults and the scenario's own `vars`).
//
// Trust: the admin token goes only to the emulator's own origin, and an
// `http` step with an absolute URL may name only the emulator or the app.
//
// Errors: a failing step is a StepFailure in the result; nothing throws.
// Thread safety: run scenarios on different Targets from different threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client/clock.h"
#include "client/http/transport.h"
#include "client/scenarios/scenario.h"
#include "client/status.h"

namespace revento::client::scenarios {

struct Target {
  std::string base_url;   // "http://127.0.0.1:PORT"
  nlohmann::json config;  // the emulator's --print-config line (or its defaults)
  std::string app_url;    // --app, or empty
  std::string emulator_binary;
  std::string admin_token;  // sent on /_sandbox when set
  nlohmann::json variables = nlohmann::json::object();  // --set NAME=VALUE
  // Real time for webhook timestamps and signature checks (never the sandbox clock).
  Clock* clock = &DefaultClock();
  // Every HTTP request of the run (emulator, app, browser), or null for socket
  // transports (unit tests give a fake here).
  std::shared_ptr<http::Transport> transport;
  // Restarts the scenario's own emulator with `signal`; returns the new config.
  std::function<Result<nlohmann::json>(int signal_number)> restart;
};

struct StepFailure {
  int index = 0;
  int line = 0;
  std::string kind;
  std::string label;
  std::vector<std::string> problems;
  std::string what;  // the request that answered
  int status = 0;
  std::string location;
  std::string body_excerpt;
  std::string request_id;
};

struct ScenarioResult {
  enum class Outcome { kPassed, kFailed, kSkipped };
  std::string name;
  std::string file;
  Outcome outcome = Outcome::kPassed;
  std::chrono::milliseconds duration{0};
  std::optional<StepFailure> failure;  // the first of `failures`
  std::vector<StepFailure> failures;   // every failing step, in order
  std::string skip_reason;
};

ScenarioResult RunScenario(const Scenario& scenario, Target& target);

// The variables every scenario starts with (docs/scenarios.md lists them),
// the app's route defaults and the target's --set values included.
nlohmann::json BaseVariables(const Target& target);

// Why a scenario cannot run with these variables ("" when it can): a
// `requires:` variable that is unset or empty.
std::string MissingRequirement(const Scenario& scenario, const nlohmann::json& variables);

}  // namespace revento::client::scenarios
