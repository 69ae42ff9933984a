#include "client/cli/scenarios_command.h"

#include <iostream>

#include "client/cli/common.h"
#include "client/scenarios/coverage.h"
#include "client/scenarios/emulator_process.h"
#include "client/scenarios/loader.h"
#include "client/scenarios/suite_runner.h"

namespace revento::client::cli {

namespace {

using namespace revento::client::scenarios;

std::optional<std::vector<Scenario>> Load(const ScenariosOptions& options, const char* command) {
  std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"scenarios"} : options.paths;
  auto loaded = LoadScenarios(paths);
  if (!loaded) {
    for (const auto& message : loaded.error().messages) std::cerr << message << "\n";
    std::cerr << "revento scenarios " << command << ": " << loaded.error().messages.size()
              << " problem(s) in the scenario files; nothing ran\n";
    return std::nullopt;
  }
  return *loaded;
}

}  // namespace

void AddScenariosCommand(CLI::App& app, ScenariosOptions& options, int& exit_code) {
  auto* scenarios = app.add_subcommand("scenarios", "Run the conformance scenarios (docs/scenarios.md)");
  scenarios->require_subcommand(1);

  auto* run = scenarios->add_subcommand("run", "Run scenario files against an emulator (and your app)");
  run->add_option("paths", options.paths, "Scenario files or directories (default: scenarios)");
  auto* emulator = run->add_option("--emulator", options.emulator_url,
                                   "Run against this emulator (one at a time, reset between scenarios)");
  run->add_flag("--spawn", options.spawn, "Start one revento-emulator per job on port 0 (the default)")
      ->excludes(emulator);
  run->add_option("--app", options.app_url, "Your integration's base URL, for app_get and send_webhook steps");
  run->add_option("--jobs", options.jobs, "Scenarios in parallel, one emulator each (--spawn only)")
      ->check(CLI::Range(1, 64));
  run->add_option("--filter", options.filter, "Only scenarios whose name or file contains TEXT");
  run->add_option("--junit", options.junit_path, "Also write a JUnit XML report to FILE");
  run->add_option("--emulator-binary", options.emulator_binary,
                  "revento-emulator to spawn (default: next to revento in the build tree, or on PATH)");
  AddAdminTokenOption(*run, options.admin_token);
  run->callback([&options, &exit_code] { exit_code = RunScenariosRun(options); });

  auto* coverage = scenarios->add_subcommand("coverage", "List contract rules that no scenario covers");
  coverage->add_option("paths", options.paths, "Scenario files or directories (default: scenarios)");
  coverage->add_option("--contract", options.contract_path, "The contract with rule ids")->capture_default_str();
  coverage->callback([&options, &exit_code] { exit_code = RunScenariosCoverage(options); });
}

int RunScenariosRun(const ScenariosOptions& options) {
  auto scenarios = Load(options, "run");
  if (!scenarios) return 2;
  if (!options.filter.empty()) {
    std::erase_if(*scenarios, [&](const Scenario& s) {
      return s.name.find(options.filter) == std::string::npos && s.file.find(options.filter) == std::string::npos;
    });
  }
  SuiteOptions suite;
  suite.emulator_url = options.emulator_url;
  suite.app_url = options.app_url;
  suite.jobs = options.jobs;
  suite.junit_path = options.junit_path;
  suite.admin_token = options.admin_token;
  while (suite.app_url.ends_with('/')) suite.app_url.pop_back();
  while (suite.emulator_url.ends_with('/')) suite.emulator_url.pop_back();
  auto binary = FindEmulatorBinary(options.emulator_binary);
  if (binary) {
    suite.emulator_binary = *binary;
  } else if (options.emulator_url.empty() || !options.emulator_binary.empty()) {
    std::cerr << "revento scenarios run: " << binary.error().message << "\n";
    return 2;
  }
  auto summary = RunSuite(*scenarios, suite, std::cout);
  if (!summary) {
    std::cerr << "revento scenarios run: " << summary.error().message << "\n";
    return 2;
  }
  return summary->failed > 0 ? 1 : 0;
}

int RunScenariosCoverage(const ScenariosOptions& options) {
  auto scenarios = Load(options, "coverage");
  if (!scenarios) return 2;
  auto rules = ReadRuleIds(options.contract_path);
  if (!rules) {
    std::cerr << "revento scenarios coverage: " << rules.error().message << "\n";
    return 2;
  }
  auto uncovered = Uncovered(*rules, *scenarios);
  auto unknown = UnknownCovers(*rules, *scenarios);
  for (const auto& id : uncovered) std::cout << "uncovered: " << id << "\n";
  for (const auto& line : unknown) std::cout << "unknown: " << line << "\n";
  std::cout << rules->size() << " rules, " << rules->size() - uncovered.size() << " covered, " << uncovered.size()
            << " uncovered (" << scenarios->size() << " scenarios)\n";
  return uncovered.empty() && unknown.empty() ? 0 : 1;
}

}  // namespace revento::client::cli
