// `revento scenarios run` and `revento scenarios coverage`: the conformance
// scenario runner (client/scenarios/, docs/scenarios.md).
//
//   revento scenarios run [PATHS...] [--emulator URL | --spawn] [--app URL]
//       [--set NAME=VALUE]... [--jobs N] [--filter TEXT] [--junit FILE]
//       [--emulator-binary PATH] [--admin-token T] [--json]
//   revento scenarios validate [PATHS...]
//   revento scenarios coverage [PATHS...] [--contract FILE] [--json]
//
// A global --emulator given before `scenarios` counts as run's --emulator;
// $REVENTO_EMULATOR does not (run resets its emulator, so it spawns its own
// unless told). A malformed --emulator or --app is a usage error (2); an
// --emulator that does not answer fails at once (1) with one line.
// --json prints one object after the run (client/scenarios/json_report.h)
// or, for coverage, {"rules", "covered", "uncovered", "unknown", "scenarios"}.
//
// App scenarios (app_get, send_webhook) test the user's app: when every
// scenario chosen needs the app, no --app is a usage error (2) naming the
// flag; --app without --emulator is a usage error (2) explaining that the
// app must talk to the emulator the scenarios drive, unless --spawn, which
// starts one emulator, prints its URL and the app's settings, and waits for
// Enter (or the end of standard input) before running. --set NAME=VALUE
// (repeatable) sets a variable, e.g. the app's routes (connect_path,
// callback_path, webhook_path, api_path).
//
// PATHS default to ./scenarios. run exits 0 when every scenario passed, 1
// on any failure or when every scenario was skipped (nothing was tested),
// 2 on a usage error or an invalid scenario file (every problem printed on
// stderr as FILE:LINE:COLUMN: step N (kind): field 'x': ..., and nothing
// runs). validate checks the files the same way without running them: 0
// when all are valid, 2 otherwise. coverage prints each rule id of CONTRACT.md that no
// scenario covers and each `covers:` that names no rule, then a count line;
// exit 1 when there is any, 2 on a usage or file error.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace revento::client::cli {

struct ScenariosOptions {
  std::vector<std::string> paths;
  std::string emulator_url;
  bool spawn = false;
  std::string app_url;
  std::vector<std::string> set_vars;  // NAME=VALUE
  int jobs = 1;
  std::string filter;
  std::string junit_path;
  std::string emulator_binary;
  std::string admin_token;
  std::string contract_path = "docs/CONTRACT.md";
  bool json = false;
};

void AddScenariosCommand(CLI::App& app, ScenariosOptions& options, int& exit_code);
int RunScenariosRun(const ScenariosOptions& options);
int RunScenariosCoverage(const ScenariosOptions& options);
int RunScenariosValidate(const ScenariosOptions& options);

}  // namespace revento::client::cli
