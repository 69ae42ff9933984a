// scenarios/schema.json (for editors) describes exactly the runner's step
// catalog: the same step kinds, the same fields, the same expectation keys.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "client/scenarios/step_catalog.h"

namespace revento::client::scenarios {
namespace {

nlohmann::json Schema() {
  std::ifstream in(std::string(REVENTO_SOURCE_DIR) + "/scenarios/schema.json");
  return nlohmann::json::parse(in);
}

std::set<std::string> Keys(const nlohmann::json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

TEST(ScenarioSchemaTest, EveryStepAndFieldMatchesTheCatalog) {
  nlohmann::json schema = Schema();
  std::set<std::string> schema_steps;
  for (const auto& [key, value] : schema["$defs"].items()) {
    if (key.starts_with("step_")) schema_steps.insert(key.substr(5));
  }
  std::set<std::string> catalog_steps;
  for (const auto& step : StepCatalog()) {
    catalog_steps.insert(std::string(step.kind));
    const auto& def = schema["$defs"]["step_" + std::string(step.kind)];
    ASSERT_TRUE(def.is_object()) << step.kind;
    std::set<std::string> fields;
    for (const auto& f : step.fields) fields.insert(std::string(f.name));
    EXPECT_EQ(Keys(def["oneOf"][0]["properties"]), fields) << step.kind;
    std::set<std::string> required;
    for (const auto& f : step.fields) {
      if (f.required) required.insert(std::string(f.name));
    }
    std::set<std::string> schema_required;
    for (const auto& r : def["oneOf"][0].value("required", nlohmann::json::array())) schema_required.insert(r);
    EXPECT_EQ(schema_required, required) << step.kind;
  }
  EXPECT_EQ(schema_steps, catalog_steps);
  std::set<std::string> expectations;
  for (const auto& f : ExpectationFields()) expectations.insert(std::string(f.name));
  EXPECT_EQ(Keys(schema["$defs"]["expect"]["properties"]), expectations);
  std::set<std::string> top;
  for (const auto& f : ScenarioFields()) top.insert(std::string(f.name));
  EXPECT_EQ(Keys(schema["properties"]), top);
}

// Each catalog row carries its step's default expectation; it must be
// expectations the runner knows, and steps that only change state succeed.
TEST(ScenarioSchemaTest, DefaultExpectationsAreKnownExpectations) {
  std::set<std::string> known;
  for (const auto& f : ExpectationFields()) known.insert(std::string(f.name));
  for (const auto& step : StepCatalog()) {
    if (step.default_expect.empty()) continue;
    auto expect = nlohmann::json::parse(step.default_expect, nullptr, false);
    ASSERT_TRUE(expect.is_object()) << step.kind;
    for (const auto& [key, value] : expect.items()) EXPECT_TRUE(known.count(key)) << step.kind << ": " << key;
  }
  EXPECT_EQ(FindStep("api")->default_expect, R"({"status": [200, 201, 204]})");
  EXPECT_EQ(FindStep("send_webhook")->default_expect, R"({"status_class": ["2xx", "3xx", "4xx"]})");
  EXPECT_TRUE(FindStep("receiver")->default_expect.empty());
}

}  // namespace
}  // namespace revento::client::scenarios
