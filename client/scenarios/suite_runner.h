// Running a set of scenarios and reporting: `revento scenarios run`.
//
// With `emulator_url` empty (--spawn), each of `jobs` workers starts its
// own revento-emulator (port 0, --print-config) and resets it
// (POST /_sandbox/reset) before every scenario after its first; a scenario
// with its own emulator flags gets a fresh emulator started with them and
// stopped after it. With `emulator_url`, scenarios run one at a time
// against that emulator with a reset before each; those that need their own
// flags or the binary are skipped, as are app scenarios without `app_url`.
//
// Output, on `out`, one line per scenario as it finishes:
//   PASS  name (12 ms)
//   FAIL  name (34 ms)  file
//         step 3 (api) "label" at file:17
//         json /error/code: expected "token_revoked", got "invalid_token"
//         GET http://...  -> 401, request id req_..., body: {...}
//   SKIP  name: reason
// (a failing scenario lists every failing step, not only the first), and
// last, exactly "N passed, M failed" (", K skipped" when any). A scenario
// whose `requires:` variables are unset is skipped naming `--set`.
// `junit_path` non-empty also writes JUnit XML there.
//
// Errors: a setup problem (no emulator binary, an emulator that does not
// start, a JUnit file that cannot be written) is an Error; failing
// scenarios are counted, not errors. Thread safety: call from one thread.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "client/scenarios/scenario.h"
#include "client/scenarios/scenario_run.h"
#include "client/status.h"

namespace revento::client::scenarios {

struct SuiteOptions {
  std::string emulator_url;     // empty: spawn
  std::string emulator_binary;  // resolved path (spawn mode, run_emulator)
  std::string app_url;
  std::string admin_token;
  nlohmann::json variables = nlohmann::json::object();  // --set NAME=VALUE
  int jobs = 1;
  std::string junit_path;
  Clock* clock = &DefaultClock();  // real time for webhook signatures (tests inject a fake)
  // Spawn mode with an app: called once the shared emulator is up, before
  // any scenario runs on it (the app must be given its URL first). The
  // spawned emulator then sends the fixture's webhooks to the app's
  // webhook_path instead of a closed port.
  std::function<void(const std::string& base_url, const nlohmann::json& config)> announce_emulator;
};

struct SuiteSummary {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::vector<ScenarioResult> results;  // in the order of the input
};

Result<SuiteSummary> RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options, std::ostream& out);

// The lines printed for one result (without a trailing newline).
std::string FormatResult(const ScenarioResult& result);

}  // namespace revento::client::scenarios
