// `revento scenarios run` end to end: real revento and revento-emulator
// binaries. Exit codes, the per-scenario lines, the failure report (step,
// expectation, status, body excerpt, request id), the last line, JUnit XML.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/support/emulator_process.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

const std::string kData = std::string(REVENTO_SOURCE_DIR) + "/tests/e2e/data/scenarios/";
const std::string kPublicUrlScenario = std::string(REVENTO_SOURCE_DIR) + "/scenarios/process/public-url.yaml";
const std::string kContract = std::string(REVENTO_SOURCE_DIR) + "/docs/CONTRACT.md";

CommandResult Scenarios(std::vector<std::string> args) {
  args.insert(args.begin(), {"scenarios", "run"});
  args.insert(args.end(), {"--emulator-binary", REVENTO_EMULATOR_BINARY});
  return RunCommand(REVENTO_CLIENT_BINARY, args);
}

std::string LastLine(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A small well-formedness check: tags balance, attributes are quoted, no raw '<' or '&' in text.
bool WellFormedXml(const std::string& xml, std::string* why) {
  std::vector<std::string> open;
  size_t i = xml.find("?>");
  if (!xml.starts_with("<?xml") || i == std::string::npos) return *why = "no XML declaration", false;
  for (i += 2; i < xml.size();) {
    if (xml[i] == '&') {
      size_t semi = xml.find(';', i);
      std::string entity = xml.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;")
        return *why = "bad entity at " + std::to_string(i), false;
      i = semi + 1;
    } else if (xml[i] == '<') {
      size_t end = xml.find('>', i);
      if (end == std::string::npos) return *why = "unterminated tag", false;
      std::string tag = xml.substr(i + 1, end - i - 1);
      if (tag.find('<') != std::string::npos) return *why = "'<' inside a tag: " + tag, false;
      if (tag.starts_with("/")) {
        if (open.empty() || open.back() != tag.substr(1)) return *why = "unbalanced </" + tag + ">", false;
        open.pop_back();
      } else if (!tag.ends_with("/")) {
        open.push_back(tag.substr(0, tag.find(' ')));
      }
      size_t quotes = std::count(tag.begin(), tag.end(), '"');
      if (quotes % 2 != 0) return *why = "unquoted attribute in " + tag, false;
      i = end + 1;
    } else {
      ++i;
    }
  }
  if (!open.empty()) return *why = "unclosed <" + open.back() + ">", false;
  return true;
}

TEST(ScenariosCli, FailingScenarioReportsStepExpectationStatusBodyAndRequestId) {
  auto r = Scenarios({kData + "failing.yaml", kData + "passing.yaml", "--spawn", "--jobs", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL  deliberately failing ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("step 2 (api) \"wrong expectation\" at " + kData + "failing.yaml:6"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("json /name: expected \"Not The Name\", got \"Revento Summit 2026\""), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/api/v1/events/evt_abc123 -> 200, request id req_"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("body: {"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  passing <&> \"quoted\" ("), std::string::npos) << r.out;
  EXPECT_EQ(LastLine(r.out), "1 passed, 1 failed");
}

TEST(ScenariosCli, AllPassingExitsZero) {
  auto r = Scenarios({kData + "passing.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(LastLine(r.out), "1 passed, 0 failed");
}

TEST(ScenariosCli, InvalidFileExitsTwoNamingFileLineStepAndFieldAndRunsNothing) {
  std::string dir = std::filesystem::temp_directory_path() / "revento-scenarios-invalid-test";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kData + "invalid.yaml.txt", dir + "/invalid.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  auto r = Scenarios({dir + "/invalid.yaml", kData + "passing.yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(dir + "/invalid.yaml:7:7: step 2 (api): field 'tokn': unknown 'api' field"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(dir + "/invalid.yaml:8:13: step 3 (clock): field 'advance': expected a duration"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 problem(s) in the scenario files; nothing ran"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

TEST(ScenariosCli, UsageErrorsExitTwo) {
  EXPECT_EQ(Scenarios({kData + "passing.yaml", "--jobs", "0"}).exit_code, 2);
  EXPECT_EQ(Scenarios({kData + "passing.yaml", "--emulator", "http://127.0.0.1:1", "--spawn"}).exit_code, 2);
  EXPECT_EQ(Scenarios({"/nonexistent/scenarios"}).exit_code, 2);
  EXPECT_EQ(RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "run", kData + "passing.yaml", "--emulator-binary",
                                               "/nonexistent/revento-emulator"})
                .exit_code,
            2);
}

TEST(ScenariosCli, FilterSelectsByNameOrFile) {
  auto r = Scenarios({kData + "failing.yaml", kData + "passing.yaml", "--filter", "passing"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(LastLine(r.out), "1 passed, 0 failed");
}

TEST(ScenariosCli, AgainstARunningEmulatorAndJunit) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  std::string junit = std::filesystem::temp_directory_path() / "revento-scenarios-junit-test.xml";
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "run", kData + "failing.yaml", kData + "passing.yaml",
                                              "--emulator", emulator->base_url(), "--junit", junit});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(LastLine(r.out), "1 passed, 1 failed");
  std::string xml = Read(junit);
  std::string why;
  EXPECT_TRUE(WellFormedXml(xml, &why)) << why << "\n" << xml;
  EXPECT_NE(xml.find("<testsuite name=\"revento scenarios\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"passing &lt;&amp;&gt; &quot;quoted&quot;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"json /name: expected &quot;Not The Name&quot;"), std::string::npos) << xml;
  std::filesystem::remove(junit);
}

TEST(ScenariosCli, ScenariosNeedingTheirOwnEmulatorAreSkippedAgainstAUrl) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto r =
      RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "run", kPublicUrlScenario, "--emulator", emulator->base_url()});
  // Every scenario skipped: nothing was tested, and the exit code says so.
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(LastLine(r.out), "0 passed, 0 failed, 1 skipped");
  EXPECT_NE(r.err.find("no scenario ran (1 skipped, reasons above): nothing was tested"), std::string::npos) << r.err;
}

TEST(ScenariosCli, AppScenariosWithoutAppOrWithoutEmulatorAreUsageErrors) {
  auto r = Scenarios({kData + "app-only"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("these scenarios test an app: pass --app URL"), std::string::npos) << r.err;
  r = Scenarios({kData + "app-only", "--app", "http://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--app without --emulator: your app talks to one emulator"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("or pass --spawn"), std::string::npos) << r.err;
  r = Scenarios({kData + "app-only", "--set", "no-equals"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--set no-equals: expected NAME=VALUE"), std::string::npos) << r.err;
}

// --spawn --app: the spawned emulator's URL is printed before anything runs
// (standard input closed: the run goes on at once).
TEST(ScenariosCli, SpawnWithAnAppPrintsTheEmulatorForTheAppFirst) {
  auto r = Scenarios({kData + "app-only", "--spawn", "--app", "http://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("spawned revento-emulator at http://127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("start your app with AUTH_BASE=http://127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("FAIL  app only"), std::string::npos) << r.out;
}

TEST(ScenariosCli, ValidateChecksWithoutRunningAndNamesLineAndColumn) {
  std::string dir = std::filesystem::temp_directory_path() / "revento-scenarios-validate-test";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kData + "invalid.yaml.txt", dir + "/invalid.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/broken.yaml") << "name: x\ncovers: [a.b\nsteps:\n";
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "validate", dir});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(dir + "/invalid.yaml:7:7: step 2 (api): field 'tokn'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir + "/broken.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": not valid YAML: "), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
  r = RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "validate", kData + "passing.yaml", kData + "app-only"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "2 scenario file(s) valid\n");
}

TEST(ScenariosCli, ABillionLaughsIsRefusedWithAReason) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"scenarios", "validate", std::string(REVENTO_SOURCE_DIR) + "/tests/fuzz/scenario_file/billion_laughs.yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("billion_laughs.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("values once its aliases (*name) are expanded"), std::string::npos) << r.err;
}

// The admin token goes to the emulator's own origin only; an http step that
// names another host is refused, and that host sees nothing.
TEST(ScenariosCli, HttpStepsToAnotherHostAreRefusedAndGetNoAdminToken) {
  httplib::Server other;
  std::atomic<int> requests{0};
  other.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.set_content("{}", "application/json");
  });
  int port = other.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { other.listen_after_bind(); });
  auto emulator = EmulatorProcess::Start({"--admin-token", "secret-admin"});
  ASSERT_TRUE(emulator);
  std::string dir = std::filesystem::temp_directory_path() / "revento-scenarios-other-host-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/other.yaml") << "name: other host\ncovers: [sandbox.journal]\nsteps:\n"
                                     << "  - http: http://127.0.0.1:" << port << "/_sandbox/state\n"
                                     << "  - http: " << emulator->base_url() << "/_sandbox/state\n";
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "run", dir, "--emulator", emulator->base_url(),
                                              "--admin-token", "secret-admin"});
  other.stop();
  serving.join();
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("step 1 (http)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is neither the emulator (" + emulator->base_url() + ") nor the app"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("step 2 (http)"), std::string::npos) << r.out;  // the emulator's own origin gets the token
  EXPECT_EQ(requests.load(), 0);
}

// Against a running emulator the runner reads ids and secrets from its state, so
// random secrets work; faults and the journal left by one scenario are cleared
// before the next.
TEST(ScenariosCli, AgainstARunningEmulatorWithRandomSecretsAndLeftoverFaults) {
  auto emulator = EmulatorProcess::Start({"--random-secrets"});
  ASSERT_TRUE(emulator);
  httplib::Client control(emulator->base_url());
  auto fault = control.Post("/_sandbox/faults", R"({"match": {"path_prefix": "/oauth/"}, "action": {"status": 503}})",
                            "application/json");
  ASSERT_TRUE(fault);
  ASSERT_EQ(fault->status, 201) << fault->body;
  const std::string scenarios = std::string(REVENTO_SOURCE_DIR) + "/scenarios/";
  auto r = RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "run", scenarios + "oauth/refresh-other-client.yaml",
                                              scenarios + "sandbox/journal.yaml", "--emulator", emulator->base_url()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");
}

TEST(ScenariosCli, CoverageListsUncoveredRules) {
  auto r =
      RunCommand(REVENTO_CLIENT_BINARY, {"scenarios", "coverage", kData + "passing.yaml", "--contract", kContract});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("uncovered: oauth.redirect-uri-exact\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("uncovered: api.bearer-errors"), std::string::npos) << r.out;
}

TEST(ScenariosCli, MalformedUrlsAreUsageErrorsOnOneLine) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{kData + "passing.yaml", "--emulator", "localhost:8787"},
        std::vector<std::string>{kData + "passing.yaml", "--app", "localhost:3000"}}) {
    auto r = RunCommand(REVENTO_CLIENT_BINARY, [&] {
      std::vector<std::string> all{"scenarios", "run"};
      all.insert(all.end(), args.begin(), args.end());
      return all;
    }());
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("http://localhost:8787"), std::string::npos) << r.err;  // how to write it
  }
}

TEST(ScenariosCli, AnUnreachableEmulatorFailsAtOnceOnOneLine) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"scenarios", "run", kData + "passing.yaml", "--emulator", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("cannot reach the emulator at http://127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("leave out --emulator"), std::string::npos) << r.err;
}

TEST(ScenariosCli, AServerThatIsNotTheEmulatorFailsAtOnceOnOneLine) {
  WebhookReceiver not_emulator;  // answers GET /_sandbox/health with 404
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"scenarios", "run", kData + "passing.yaml", "--emulator", not_emulator.url("")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("is it a revento-emulator?"), std::string::npos) << r.err;
}

// `revento --emulator URL scenarios run` runs against URL (its journal shows
// the scenario's request); $REVENTO_EMULATOR alone does not: run spawns.
TEST(ScenariosCli, TheGlobalEmulatorFlagCountsButTheEnvironmentDoesNot) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"--emulator", emulator->base_url(), "scenarios", "run", kData + "passing.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto journal = emulator->Client()->Get("/_sandbox/requests?limit=100");
  ASSERT_TRUE(journal);
  EXPECT_NE(journal->body.find("/api/v1/events/evt_abc123"), std::string::npos) << journal->body;

  setenv("REVENTO_EMULATOR", "http://127.0.0.1:1", 1);
  auto spawned = Scenarios({kData + "passing.yaml"});
  unsetenv("REVENTO_EMULATOR");
  EXPECT_EQ(spawned.exit_code, 0) << spawned.out << spawned.err;
  EXPECT_EQ(LastLine(spawned.out), "1 passed, 0 failed");
}

TEST(ScenariosCli, JsonPrintsOneObjectWithEveryOutcome) {
  auto r = Scenarios({kData + "failing.yaml", kData + "passing.yaml", "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["passed"], 1);
  EXPECT_EQ(report["failed"], 1);
  EXPECT_EQ(report["skipped"], 0);
  ASSERT_EQ(report["scenarios"].size(), 2u);
  const auto& failed = report["scenarios"][0];
  EXPECT_EQ(failed["name"], "deliberately failing");
  EXPECT_EQ(failed["outcome"], "failed");
  EXPECT_EQ(failed["file"], kData + "failing.yaml");
  EXPECT_EQ(failed["failure"]["step"], 2);
  EXPECT_EQ(failed["failure"]["kind"], "api");
  EXPECT_EQ(failed["failure"]["line"], 6);
  EXPECT_EQ(failed["failure"]["status"], 200);
  EXPECT_TRUE(failed["failure"]["request_id"].get<std::string>().starts_with("req_"));
  EXPECT_EQ(failed["failure"]["problems"][0], "json /name: expected \"Not The Name\", got \"Revento Summit 2026\"");
  EXPECT_EQ(report["scenarios"][1]["outcome"], "passed");
  EXPECT_FALSE(report["scenarios"][1].contains("failure"));
}

TEST(ScenariosCli, CoverageJson) {
  auto r = RunCommand(REVENTO_CLIENT_BINARY,
                      {"scenarios", "coverage", kData + "passing.yaml", "--contract", kContract, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["scenarios"], 1);
  EXPECT_EQ(report["rules"].get<int>(), report["covered"].get<int>() + static_cast<int>(report["uncovered"].size()));
  EXPECT_NE(std::find(report["uncovered"].begin(), report["uncovered"].end(), "oauth.redirect-uri-exact"),
            report["uncovered"].end());
  EXPECT_TRUE(report["unknown"].is_array());
}

}  // namespace
}  // namespace revento::testing
