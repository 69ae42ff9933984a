// The payload templates under fixtures/payloads/ have the shapes the real
// emulator sends: the same triggers as scripts/generate-payload-templates.mjs
// against the default sandbox, and every template's keys and value types
// (recursively) must equal those of the `data` the emulator answers with.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/webhooks/payload_templates.h"
#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

std::string Kind(const nlohmann::json& v) {
  if (v.is_number()) return "number";
  return v.type_name();
}

// Every difference in shape between `want` (the emulator's) and `got` (the
// template's), as "path: problem".
void ShapeDiff(const nlohmann::json& want, const nlohmann::json& got, const std::string& path,
               std::vector<std::string>& out) {
  if (Kind(want) != Kind(got)) {
    out.push_back(path + ": the emulator sends " + Kind(want) + ", the template has " + Kind(got));
    return;
  }
  if (want.is_object()) {
    for (const auto& [key, value] : want.items()) {
      if (!got.contains(key)) {
        out.push_back(path + "." + key + ": missing from the template");
      } else {
        ShapeDiff(value, got[key], path + "." + key, out);
      }
    }
    for (const auto& [key, _] : got.items()) {
      if (!want.contains(key)) out.push_back(path + "." + key + ": the emulator does not send it");
    }
  } else if (want.is_array() && !want.empty() && !got.empty()) {
    ShapeDiff(want[0], got[0], path + "[0]", out);
  }
}

TEST(PayloadTemplatesDriftTest, ShapeDiffSeesEveryKindOfDrift) {
  std::vector<std::string> diffs;
  ShapeDiff(nlohmann::json::parse(R"({"a":1,"b":"x","c":{"d":null},"e":[{"f":true}]})"),
            nlohmann::json::parse(R"({"a":"1","c":{"d":"now"},"e":[{"f":1}],"g":0})"), "data", diffs);
  EXPECT_EQ(diffs, (std::vector<std::string>{"data.a: the emulator sends number, the template has string",
                                             "data.b: missing from the template",
                                             "data.c.d: the emulator sends null, the template has string",
                                             "data.e[0].f: the emulator sends boolean, the template has number",
                                             "data.g: the emulator does not send it"}));
}

TEST(PayloadTemplatesDriftTest, EveryTemplateHasTheShapeTheEmulatorSends) {
  auto emulator = EmulatorProcess::Start();
  ASSERT_TRUE(emulator);
  auto http = emulator->Client();
  auto approve = http->Post("/_sandbox/events/evt_abc123/applications/app_001/approve", "{}", "application/json");
  ASSERT_TRUE(approve && approve->status == 200);
  const std::vector<std::pair<std::string, nlohmann::json>> triggers = {
      {"event.published", {}},
      {"event.updated", {}},
      {"event.cancelled", {}},
      {"application.submitted", {{"application_id", "app_002"}}},
      {"application.approved", {{"application_id", "app_001"}}},
      {"application.rejected", {{"application_id", "app_006"}}},
      {"participant.registered", {{"participant_id", "par_001"}}},
      {"participant.updated", {{"participant_id", "par_001"}}},
      {"participant.cancelled", {{"participant_id", "par_030"}}},
      {"participant.checked_in", {{"participant_id", "par_001"}}},
      {"installation.revoked", {}},
  };
  ASSERT_EQ(triggers.size(), client::webhooks::CatalogTypes().size());
  for (const auto& [type, ids] : triggers) {
    nlohmann::json body = {{"type", type}, {"event_id", "evt_abc123"}};
    if (!ids.is_null()) body.update(ids);
    auto res = http->Post("/_sandbox/webhooks/trigger", body.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto sent = nlohmann::json::parse(res->body)["data"];
    auto template_data = client::webhooks::PayloadTemplates::BuiltIn().DataFor(type);
    ASSERT_TRUE(template_data) << type;
    std::vector<std::string> diffs;
    ShapeDiff(sent, nlohmann::json::parse(template_data->dump()), "data", diffs);
    EXPECT_TRUE(diffs.empty()) << "fixtures/payloads/" << type << ".json drifted from the emulator "
                               << "(regenerate: node scripts/generate-payload-templates.mjs):\n"
                               << nlohmann::json(diffs).dump(2);
  }
}

}  // namespace
}  // namespace revento::testing
