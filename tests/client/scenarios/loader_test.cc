// The scenario loader refuses every malformed file with FILE:LINE:COLUMN, the step,
// its kind and the field, and reports every problem, not just the first.
#include "client/scenarios/loader.h"

#include <gtest/gtest.h>

#include <regex>

namespace revento::client::scenarios {
namespace {

std::vector<std::string> ErrorsOf(const std::string& yaml) {
  auto loaded = ParseScenario(yaml, "s.yaml");
  if (loaded) return {};
  return loaded.error().messages;
}

TEST(ScenarioLoaderTest, UnknownStepNamesFileLineAndStep) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - connect:\n  - conect: {scope: event.read}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.yaml:5:5: step 2: unknown step 'conect' (known: connect,", 0), 0u) << errors[0];
}

TEST(ScenarioLoaderTest, UnknownFieldNamesTheField) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - connect:\n      scope: event.read\n      scopes: x\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.yaml:6:7: step 1 (connect): field 'scopes': unknown 'connect' field", 0), 0u) << errors[0];
}

TEST(ScenarioLoaderTest, BadTypeNamesFieldAndExpectedType) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - api: /events\n  - refresh: {parallel: many}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "s.yaml:5:15: step 2 (refresh): field 'parallel': expected an integer, got \"many\"");
}

TEST(ScenarioLoaderTest, MissingRequiredFieldIsNamed) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - action: {event_id: evt_abc123}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "s.yaml:4:5: step 1 (action): field 'action': missing (required)");
}

TEST(ScenarioLoaderTest, EnumFieldListsAllowedValues) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - connect: {pkce: S256}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("field 'pkce': expected one of s256, plain, none"), std::string::npos) << errors[0];
}

TEST(ScenarioLoaderTest, ExpectationKeysAreChecked) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - api: /e\n    expect: {stauts: 200}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.yaml:5:14: step 1 (api): field 'stauts': unknown expectation field", 0), 0u) << errors[0];
}

TEST(ScenarioLoaderTest, TopLevelProblemsAreAllReported) {
  auto errors = ErrorsOf("covers: a.b\nstep: []\n");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], "s.yaml:1:1: field 'covers': expected a list of strings, got \"a.b\"");
  EXPECT_EQ(errors[1].rfind("s.yaml:2:1: field 'step': unknown scenario field", 0), 0u);
  EXPECT_EQ(errors[2], "s.yaml:1:1: field 'name': missing (required)");
  EXPECT_EQ(errors[3], "s.yaml:1:1: field 'steps': missing (required)");
}

TEST(ScenarioLoaderTest, ClockNeedsExactlyOneChange) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - clock: {advance: 5, freeze: true}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("step 1 (clock): field 'advance|set|freeze|resume': give exactly one"), std::string::npos);
  EXPECT_EQ(ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - clock: {advance: 5 minutes}\n").size(), 1u);
}

TEST(ScenarioLoaderTest, InvalidYamlNamesTheLineAndColumn) {
  auto errors = ErrorsOf("name: x\ncovers: [a.b\nsteps:\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(std::regex_search(errors[0], std::regex("^s\\.yaml:[0-9]+:[0-9]+: not valid YAML"))) << errors[0];
  errors = ErrorsOf("name: x\ncovers: [a.b]\nsteps:\n  - api: {path: /e\n  - x: : :\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(std::regex_search(errors[0], std::regex("^s\\.yaml:[0-9]+:[0-9]+: not valid YAML"))) << errors[0];
}

// A "billion laughs": a few hundred bytes whose aliases expand to 9^9
// values. Refused from the parser's events before any node is built.
TEST(ScenarioLoaderTest, AliasExpansionIsBoundedBeforeTheDocumentIsBuilt) {
  std::string text = "name: x\ncovers: [a.b]\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  const std::string names = "abcdefghi";
  for (size_t i = 1; i < names.size(); ++i) {
    text += std::string(1, names[i]) + ": &" + names[i] + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ",*" : "*") + std::string(1, names[i - 1]);
    text += "]\n";
  }
  text += "steps: [{set: {vars: {x: *i}}}]\n";
  auto errors = ErrorsOf(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(std::regex_search(errors[0], std::regex("^s\\.yaml:[0-9]+:[0-9]+: the file stands for more than 1000000 "
                                                      "values once its aliases")))
      << errors[0];
}

TEST(ScenarioLoaderTest, AFewAliasesAreFine) {
  auto loaded = ParseScenario(
      "name: x\ncovers: [a.b]\nvars: {h: &h {X-A: b}}\nsteps:\n  - http: {path: /e, headers: *h}\n"
      "  - http: {path: /f, headers: *h}\n",
      "s.yaml");
  ASSERT_TRUE(loaded) << loaded.error().messages[0];
  EXPECT_EQ(loaded->steps[1].params["headers"]["X-A"], "b");
}

TEST(ScenarioLoaderTest, ItemsChecksAndRequiresAreValidated) {
  auto errors = ErrorsOf(
      "name: x\ncovers: [a.b]\nrequires: [api_path]\nsteps:\n  - journal: /oauth\n"
      "    expect: {items: {/data: {cuont: 1}}, status_class: 6xx}\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("field 'cuont': unknown 'items' field (known: where,"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("field 'status_class': expected one of 1xx, 2xx"), std::string::npos) << errors[1];
  auto loaded = ParseScenario("name: x\ncovers: [a.b]\nrequires: [api_path]\nsteps:\n  - set: {vars: {a: 1}}\n", "s.yaml");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->requires_vars, std::vector<std::string>{"api_path"});
}

// Found by fuzz_scenario_file: a step named with bytes that are not UTF-8
// reached nlohmann's dump() and ended `revento scenarios` in terminate().
TEST(ScenarioLoaderTest, BytesThatAreNotUtf8AreRefusedNamingTheLine) {
  for (const std::string& bad : {std::string("\xDA\x9A\x8F\xBD"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                                std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82")}) {
    auto errors = ErrorsOf("name: x\nsteps:\n  - nosuch" + bad + " {}\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].rfind("s.yaml:3:11: not valid UTF-8 (byte 0x", 0), 0u) << errors[0];
  }
  for (const auto& error : ErrorsOf("name: \"Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x8E\x9F\"\nsteps: []\n")) {
    EXPECT_EQ(error.find("UTF-8"), std::string::npos) << error;
  }
}

// Found by fuzz_scenario_file: input that YAML reads into bytes that are not
// UTF-8 (here a control character and a NUL in a step) ended the same way.
TEST(ScenarioLoaderTest, TextThatYamlReadsIntoBytesThatAreNotUtf8IsRefused) {
  auto errors = ErrorsOf(std::string("name: x\nsteps:\n  - \x01\x00Nosuchs&ep:({}\n", 36));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.yaml:3:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("not valid UTF-8"), std::string::npos) << errors[0];
}

TEST(ScenarioLoaderTest, ValidScenarioLoadsWithShorthandsAndLines) {
  auto loaded = ParseScenario(
      "# comment\nname: walk\ncovers: [oauth.pkce-s256]\nemulator: [--auto-consent]\nsteps:\n"
      "  - connect:\n  - name: list\n    api: /events/${event_id}/participants\n"
      "    expect: {status: 200, json: {/data/0/id: par_001}}\n    capture: {c: /next_cursor}\n"
      "  - expect_webhook: event.published\n",
      "s.yaml");
  ASSERT_TRUE(loaded) << loaded.error().messages[0];
  ASSERT_EQ(loaded->steps.size(), 3u);
  EXPECT_EQ(loaded->name, "walk");
  EXPECT_EQ(loaded->emulator_flags, std::vector<std::string>{"--auto-consent"});
  EXPECT_EQ(loaded->steps[1].kind, "api");
  EXPECT_EQ(loaded->steps[1].label, "list");
  EXPECT_EQ(loaded->steps[1].line, 7);
  EXPECT_EQ(loaded->steps[1].params["path"], "/events/${event_id}/participants");
  EXPECT_EQ(loaded->steps[1].expect["status"], 200);
  EXPECT_EQ(loaded->steps[2].params["type"], "event.published");
}

TEST(ScenarioLoaderTest, QuotedScalarsStayStrings) {
  auto loaded = ParseScenario(
      "name: x\ncovers: [a.b]\nsteps:\n  - api: /e\n    expect: {headers: {X-A: \"3\"}, json: {/n: 3}}\n", "s.yaml");
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->steps[0].expect["headers"]["X-A"].is_string());
  EXPECT_TRUE(loaded->steps[0].expect["json"]["/n"].is_number_integer());
}

TEST(ScenarioLoaderTest, MissingPathAndDuplicateNamesAreErrors) {
  auto loaded = LoadScenarios({"/nonexistent/scenarios-dir"});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().messages[0], "/nonexistent/scenarios-dir: no such file or directory");
}

TEST(ScenarioLoaderTest, ADeviceIsNotAScenarioFile) {
  auto loaded = LoadScenarios({"/dev/zero"});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().messages[0],
            "/dev/zero: is not a regular file (a device, pipe or socket); pass a scenario file or a folder");
}

}  // namespace
}  // namespace revento::client::scenarios
