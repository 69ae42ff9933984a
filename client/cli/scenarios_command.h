// `revento scenarios run` and `revento scenarios coverage`: the conformance
// scenario runner (client/scenarios/, docs/scenarios.md).
//
//   revento scenarios run [PATHS...] [--emulator URL | --spawn] [--app URL]
//       [--jobs N] [--filter TEXT] [--junit FILE] [--emulator-binary PATH]
//       [--admin-token T] [--json]
//   revento scenarios coverage [PATHS...] [--contract FILE] [--json]
//
// A global --emulator given before `scenarios` counts as run's --emulator;
// $REVENTO_EMULATOR does not (run resets its emulator, so it spawns its own
// unless told). A malformed --emulator or --app is a usage error (2); an
// --emulator that does not answer fails at once (1) with one line.
// --json prints one object after the run (client/scenarios/json_report.h)
// or, for coverage, {"rules", "covered", "uncovered", "unknown", "scenarios"}.
//
// PATHS default to ./scenarios. run exits 0 when every scenario passed, 1
// on any failure, 2 on a usage error or an invalid scenario file (every
// problem printed on stderr as FILE:LINE: step N (kind): field 'x': ...,
// and nothing runs). coverage prints each rule id of CONTRACT.md that no
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

}  // namespace revento::client::cli
