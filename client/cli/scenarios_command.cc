#include "client/cli/scenarios_command.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/cli/common.h"
#include "client/http/transport.h"
#include "client/scenarios/coverage.h"
#include "client/scenarios/emulator_process.h"
#include "client/scenarios/json_report.h"
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

// A usable --emulator / --app URL without trailing slashes, or a one-line usage message.
Result<std::string> UrlOption(const std::string& flag, const std::string& url) {
  auto parsed = http::ParseUrl(url);
  if (!parsed) return Fail(kInvalidArgument, flag + " " + parsed.error().message);
  std::string base = url;
  while (base.ends_with('/')) base.pop_back();
  return base;
}

// The emulator answers GET /_sandbox/health with 200 (401 or 403 when an
// admin token guards /_sandbox: it is there, and the run reports the token).
Status Reachable(const std::string& emulator_url) {
  http::Request health;
  health.url = emulator_url + "/_sandbox/health";
  health.timeout = std::chrono::seconds(10);
  auto answer = http::MakeHttplibTransport()->Send(health);
  if (!answer) {
    return Fail("cannot reach the emulator at " + emulator_url +
                ": start it (revento-emulator --port PORT) or leave out --emulator to let scenarios run start its own");
  }
  if (answer->status != 200 && answer->status != 401 && answer->status != 403) {
    return Fail(emulator_url + " answered GET /_sandbox/health with " + std::to_string(answer->status) +
                ": is it a revento-emulator? Pass its URL with --emulator, or leave --emulator out");
  }
  return {};
}

// --set NAME=VALUE pairs as a JSON object of variables.
Result<nlohmann::json> SetVariables(const std::vector<std::string>& pairs) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& pair : pairs) {
    size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq);
    bool named = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '_';
    });
    if (eq == std::string::npos || !named)
      return Fail(kInvalidArgument, "--set " + pair + ": expected NAME=VALUE (e.g. --set api_path=/participants)");
    out[name] = pair.substr(eq + 1);
  }
  return out;
}

// App scenarios test an app through the emulator the run drives: without
// --app they test nothing, and an app configured for another emulator
// cannot pass them.
std::string AppUsageProblem(const std::vector<Scenario>& scenarios, const ScenariosOptions& options) {
  bool any_app = std::any_of(scenarios.begin(), scenarios.end(), [](const Scenario& s) { return s.needs_app; });
  bool all_app = !scenarios.empty() &&
                 std::all_of(scenarios.begin(), scenarios.end(), [](const Scenario& s) { return s.needs_app; });
  if (all_app && options.app_url.empty()) {
    return "these scenarios test an app: pass --app URL, your app's base URL (e.g. --app http://localhost:3000), "
           "and --emulator URL, the emulator your app uses";
  }
  if (any_app && !options.app_url.empty() && options.emulator_url.empty() && !options.spawn) {
    return "--app without --emulator: your app talks to one emulator (its AUTH_BASE and API_BASE), and the "
           "scenarios must drive that same one. Start it (revento-emulator --port 8787), start your app with "
           "AUTH_BASE=http://127.0.0.1:8787 API_BASE=http://127.0.0.1:8787/api/v1, and pass --emulator "
           "http://127.0.0.1:8787; or pass --spawn to let the run start one and print its URL for your app first";
  }
  return "";
}

// --spawn --app: the app must be given the spawned emulator before anything runs.
void AnnounceSpawnedEmulator(const std::string& base_url, const nlohmann::json& config) {
  std::cerr << "revento scenarios run: spawned revento-emulator at " << base_url << "\n"
            << "  start your app with AUTH_BASE=" << base_url << " API_BASE=" << base_url << "/api/v1"
            << " REVENTO_CLIENT_ID=" << config.value("client_id", "") << " REVENTO_CLIENT_SECRET="
            << config.value("client_secret", "") << " REVENTO_WEBHOOK_SECRET=" << config.value("webhook_secret", "")
            << " SANDBOX_EVENT_ID=" << config.value("event_id", "") << "\n"
            << "  then press Enter (or close standard input) to run the scenarios\n"
            << std::flush;
  std::string line;
  std::getline(std::cin, line);
}

}  // namespace

void AddScenariosCommand(CLI::App& app, ScenariosOptions& options, int& exit_code) {
  auto* scenarios = app.add_subcommand("scenarios", "Run the conformance scenarios (docs/scenarios.md)");
  scenarios->require_subcommand(1);

  scenarios->footer("Example:\n  revento scenarios run scenarios/oauth --jobs 2");

  auto* run = scenarios->add_subcommand("run", "Run scenario files against an emulator (and your app)");
  run->footer(
      "Examples:\n"
      "  revento scenarios run scenarios/oauth --jobs 2\n"
      "  revento scenarios run --emulator http://localhost:8787 --json\n"
      "  revento scenarios run scenarios/app --emulator http://127.0.0.1:8787 --app http://localhost:3000 \\\n"
      "      --set api_path=/participants\n"
      "Without --emulator (or a global --emulator before `scenarios`) each job starts its own emulator;\n"
      "$REVENTO_EMULATOR is not used, because scenarios reset the emulator they run against.");
  run->add_option("paths", options.paths, "Scenario files or directories (default: scenarios)");
  auto* emulator = run->add_option("--emulator", options.emulator_url,
                                   "Run against this emulator (one at a time, reset between scenarios)");
  run->add_flag("--spawn", options.spawn, "Start one revento-emulator per job on port 0 (the default)")
      ->excludes(emulator);
  run->add_option("--app", options.app_url, "Your integration's base URL, for app_get and send_webhook steps");
  run->add_option("--set", options.set_vars,
                  "NAME=VALUE: set a scenario variable, e.g. your app's routes: connect_path (default /connect), "
                  "callback_path (/callback), webhook_path (/webhooks/revento), api_path (unset)")
      ->type_name("NAME=VALUE");
  run->add_option("--jobs", options.jobs, "Scenarios in parallel, one emulator each (--spawn only)")
      ->check(CLI::Range(1, 64));
  run->add_option("--filter", options.filter, "Only scenarios whose name or file contains TEXT");
  run->add_option("--junit", options.junit_path, "Also write a JUnit XML report to FILE");
  run->add_option("--emulator-binary", options.emulator_binary,
                  "revento-emulator to spawn (default: next to revento in the build tree, or on PATH)");
  AddAdminTokenOption(*run, options.admin_token);
  run->add_flag("--json", options.json, "Print one JSON object with every scenario's outcome after the suite");
  // `revento --emulator URL scenarios run` means this emulator too; the
  // environment variable alone does not (see the footer).
  const CLI::Option* global_emulator = app.get_option_no_throw("--emulator");
  run->callback([&options, &exit_code, global_emulator] {
    ScenariosOptions effective = options;
    if (effective.emulator_url.empty() && !effective.spawn && global_emulator && global_emulator->count() > 0) {
      effective.emulator_url = global_emulator->as<std::string>();
    }
    exit_code = RunScenariosRun(effective);
  });

  auto* validate = scenarios->add_subcommand("validate", "Check scenario files against the schema without running them");
  validate->footer("Example:\n  revento scenarios validate scenarios/app my-scenarios/");
  validate->add_option("paths", options.paths, "Scenario files or directories (default: scenarios)");
  validate->callback([&options, &exit_code] { exit_code = RunScenariosValidate(options); });

  auto* coverage = scenarios->add_subcommand("coverage", "List contract rules that no scenario covers");
  coverage->footer(
      "Examples:\n"
      "  revento scenarios coverage\n"
      "  revento scenarios coverage scenarios/oauth --contract docs/CONTRACT.md --json");
  coverage->add_flag("--json", options.json, "Print one JSON object (rules, covered, uncovered, unknown, scenarios)");
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
  auto variables = SetVariables(options.set_vars);
  if (!variables) return Report("scenarios run", variables.error().message, kExitUsage);
  suite.variables = *variables;
  if (auto usage = AppUsageProblem(*scenarios, options); !usage.empty())
    return Report("scenarios run", usage, kExitUsage);
  if (!options.emulator_url.empty()) {
    auto url = UrlOption("--emulator", options.emulator_url);
    if (!url) return Report("scenarios run", url.error().message, kExitUsage);
    suite.emulator_url = *url;
  }
  if (!options.app_url.empty()) {
    auto url = UrlOption("--app", options.app_url);
    if (!url) return Report("scenarios run", url.error().message, kExitUsage);
    suite.app_url = *url;
  }
  suite.jobs = options.jobs;
  suite.junit_path = options.junit_path;
  suite.admin_token = options.admin_token;
  auto binary = FindEmulatorBinary(options.emulator_binary);
  if (binary) {
    suite.emulator_binary = *binary;
  } else if (options.emulator_url.empty() || !options.emulator_binary.empty()) {
    std::cerr << "revento scenarios run: " << binary.error().message << "\n";
    return 2;
  }
  if (!suite.emulator_url.empty()) {
    if (auto reachable = Reachable(suite.emulator_url); !reachable) {
      return Report("scenarios run", reachable.error().message, kExitFailed);
    }
  }
  if (!suite.app_url.empty() && suite.emulator_url.empty()) {
    suite.jobs = 1;
    suite.announce_emulator = AnnounceSpawnedEmulator;
  }
  std::ostream quiet(nullptr);  // --json: no lines while running, one object at the end
  auto summary = RunSuite(*scenarios, suite, options.json ? quiet : std::cout);
  if (!summary) {
    std::cerr << "revento scenarios run: " << summary.error().message << "\n";
    return 2;
  }
  if (options.json) {
    std::cout << SuiteJson(*summary).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  if (summary->failed > 0) return 1;
  if (summary->passed == 0) {
    std::cerr << "revento scenarios run: no scenario ran (" << summary->skipped
              << " skipped, reasons above): nothing was tested\n";
    return 1;
  }
  return 0;
}

int RunScenariosValidate(const ScenariosOptions& options) {
  auto scenarios = Load(options, "validate");
  if (!scenarios) return 2;
  std::cout << scenarios->size() << " scenario file(s) valid\n";
  return 0;
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
  if (options.json) {
    std::cout << nlohmann::json{{"rules", rules->size()},
                                {"covered", rules->size() - uncovered.size()},
                                {"uncovered", uncovered},
                                {"unknown", unknown},
                                {"scenarios", scenarios->size()}}
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return uncovered.empty() && unknown.empty() ? 0 : 1;
  }
  for (const auto& id : uncovered) std::cout << "uncovered: " << id << "\n";
  for (const auto& line : unknown) std::cout << "unknown: " << line << "\n";
  std::cout << rules->size() << " rules, " << rules->size() - uncovered.size() << " covered, " << uncovered.size()
            << " uncovered (" << scenarios->size() << " scenarios)\n";
  return uncovered.empty() && unknown.empty() ? 0 : 1;
}

}  // namespace revento::client::cli
