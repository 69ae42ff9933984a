// GET/PUT /_sandbox/state: refusals first (each names the JSON path and
// leaves the state as it was), then the exact round trip of a rich sandbox.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/webhook_receiver.h"

namespace revento::testing {
namespace {

using nlohmann::json;
using namespace revento::testing::oauth;

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = AutoConsent();
    options.webhook_url = receiver_.url();
    sandbox_ = std::make_unique<InProcessEmulator>(options);
    client_ = RawClient(*sandbox_);
    ASSERT_EQ(client_->Get("/_sandbox/health")->status, 200);
  }
  std::string ExportText() {
    auto res = client_->Get("/_sandbox/state");
    EXPECT_EQ(res->status, 200);
    return res->body;
  }
  json Export() { return json::parse(ExportText()); }
  httplib::Result Import(const std::string& body) { return client_->Put("/_sandbox/state", body, "application/json"); }
  json PostJson(const std::string& path, const json& body = json::object()) {
    auto res = client_->Post(path.c_str(), body.dump(), "application/json");
    EXPECT_TRUE(res && res->status / 100 == 2) << path << ": " << (res ? res->body : "no response");
    return res ? json::parse(res->body) : json();
  }

  WebhookReceiver receiver_;
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(StateTest, BadDocumentsAreRefusedNamingThePathAndChangeNothing) {
  std::string before = ExportText();
  json good = json::parse(before);
  struct Case {
    std::function<void(json&)> change;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](json& d) { d["colour"] = 1; }, "colour: unknown field"},
      {[](json& d) { d["format"] = "other"; }, "format: must be \"revento-sandbox-state\""},
      {[](json& d) { d.erase("format"); }, "format: must be"},
      {[](json& d) { d["schema_version"] = 1; }, "schema_version: this build reads"},
      {[](json& d) { d.erase("events"); }, "events: required"},
      {[](json& d) { d["events"] = json::object(); }, "events: must be an array"},
      {[](json& d) { d["events"][0]["colour"] = "red"; }, "events[0].colour: unknown field"},
      {[](json& d) { d["events"][0].erase("name"); }, "events[0].name: required (a string)"},
      {[](json& d) { d["events"][0]["capacity"] = "many"; }, "events[0].capacity: must be an integer"},
      {[](json& d) { d["events"][0]["status"] = "postponed"; },
       "events[0].status: must be one of draft, published, cancelled"},
      {[](json& d) { d["events"][0]["name"] = nullptr; }, "events[0].name: must not be null"},
      {[](json& d) { d["integrations"][0]["scopes"] = "event.read"; },
       "integrations[0].scopes: must be JSON text of an array"},
      {[](json& d) { d["participants"][3]["event_id"] = "evt_nowhere"; },
       "participants[3]: FOREIGN KEY constraint failed"},
      {[](json& d) { d["participants"][4]["id"] = d["participants"][3]["id"]; }, "participants[4]: "},
      {[](json& d) { d["participants"][1] = 7; }, "participants[1]: must be an object"},
      {[](json& d) {
         d["clock"] = {{"frozen", true}};
       },
       "clock.frozen_at_ms: required"},
      {[](json& d) { d["clock"]["speed"] = 2; }, "clock.speed: unknown field"},
      // Invariants across columns and rows (store/integrity.h): each of these
      // was accepted and then made every start on the directory abort.
      {[](json& d) { d["integrations"][0]["scopes"] = R"(["event.read", 1])"; }, "\": scopes[1]: must be a string"},
      {[](json& d) { d["integrations"][0]["scopes"] = R"(["event.readx"])"; }, "scopes[0]: unknown scope"},
      {[](json& d) { d["integrations"][0]["redirect_uris"] = "[]"; }, "redirect_uris: must list at least one"},
      {[](json& d) { d["integrations"][0]["redirect_uris"] = R"(["/callback"])"; },
       "redirect_uris[0]: must be an absolute http(s) URI"},
      {[](json& d) { d["integrations"][0]["webhook_events"] = R"(["event.exploded"])"; },
       "webhook_events[0]: unknown webhook type"},
      {[](json& d) { d["integrations"][0]["webhook_events"] = R"({"a": 1})"; },
       "webhook_events: must be JSON text of an array"},
      {[](json& d) {
         d["check_ins"] = json::array({{{"seq", 1}, {"id", "chk_1"}, {"event_id", d["events"][0]["id"]},
                                        {"participant_id", "par_nowhere"}, {"checked_in_at", 1}, {"method", "qr"}}});
       },
       "check_ins row \"chk_1\": participant_id: names no participant"},
      {[](json& d) {
         d["installations"] = json::array({{{"id", "ins_1"}, {"integration_id", d["integrations"][0]["id"]},
                                            {"event_id", d["events"][0]["id"]},
                                            {"organization_id", d["organizations"][0]["id"]},
                                            {"scope", "event.read"}, {"created_at", 1}}});
         d["refresh_tokens"] = json::array();
         for (const char* hash : {"a", "b"}) {
           d["refresh_tokens"].push_back(
               {{"token_hash", hash}, {"installation_id", "ins_1"}, {"scope", "event.read"}, {"created_at", 1}});
         }
       },
       "refresh_tokens of installation \"ins_1\": more than one current refresh token"},
      {[](json& d) { d["clock"] = {{"frozen", false}, {"offset_ms", int64_t{9'000'000'000'000'000}}}; },
       "clock.offset_ms: the clock would show a time outside"},
      {[](json& d) { d["clock"] = {{"frozen", false}, {"offset_ms", int64_t{-4'000'000'000'000}}}; },
       "clock.offset_ms: the clock would show a time outside"},
      {[](json& d) { d["clock"] = {{"frozen", true}, {"frozen_at_ms", -1}}; },
       "clock.frozen_at_ms: the clock would show a time outside"},
  };
  for (const auto& c : cases) {
    json doc = good;
    c.change(doc);
    auto res = Import(doc.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.message;
    json body = json::parse(res->body);
    EXPECT_EQ(body["error"]["code"], "invalid_state") << res->body;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.message), std::string::npos)
        << "want \"" << c.message << "\" in " << res->body;
  }
  auto malformed = Import(R"({"format": "revento-sandbox-state", "events": [}])");
  ASSERT_EQ(malformed->status, 400);
  EXPECT_EQ(json::parse(malformed->body)["error"]["code"], "invalid_json");
  EXPECT_NE(malformed->body.find("byte 48"), std::string::npos) << malformed->body;
  EXPECT_EQ(Import("[]")->status, 400);
  EXPECT_EQ(Import("")->status, 400);
  EXPECT_EQ(ExportText(), before);
}

TEST_F(StateTest, ExportHoldsEveryTableTheClockAndTheSecrets) {
  json doc = Export();
  EXPECT_EQ(doc["format"], "revento-sandbox-state");
  for (const char* table :
       {"organizations", "users", "events", "participants", "applications", "check_ins", "integrations", "consents",
        "installations", "authorization_codes", "access_tokens", "refresh_tokens", "deliveries", "delivery_attempts"}) {
    EXPECT_TRUE(doc[table].is_array()) << table;
  }
  EXPECT_EQ(doc["clock"], json({{"frozen", false}, {"offset_ms", 0}, {"frozen_at_ms", nullptr}}));
  EXPECT_EQ(doc["integrations"][0]["client_secret"], kClientSecret);
  EXPECT_FALSE(doc["participants"][0].contains("representation"));
  EXPECT_EQ(doc["events"][0]["id"], "evt_abc123");
}

TEST_F(StateTest, ExportThenImportRoundTripsExactly) {
  // A sandbox with something in every table: a connected integration (code,
  // tokens, a refresh), organizer actions, deliveries with attempts.
  json tokens = Dance(*client_);
  std::string access = tokens["access_token"];
  ASSERT_EQ(PostForm(*client_, "/oauth/token", RefreshBody(tokens["refresh_token"]))->status, 200);
  PostJson("/_sandbox/events/evt_abc123/publish");
  std::string application = Export()["applications"][0]["id"];
  PostJson("/_sandbox/events/evt_abc123/applications/" + application + "/approve");
  PostJson("/_sandbox/events/evt_abc123/participants/" + Export()["participants"][0]["id"].get<std::string>() +
           "/check-in");
  PostJson("/_sandbox/deliveries/flush");
  ASSERT_TRUE(receiver_.WaitForCount(1));
  PostJson("/_sandbox/clock", {{"advance_seconds", 90}});
  PostJson("/_sandbox/clock", {{"freeze", true}});

  std::string first = ExportText();
  json doc = json::parse(first);
  for (const char* table : {"installations", "access_tokens", "refresh_tokens", "authorization_codes", "deliveries",
                            "delivery_attempts", "check_ins"}) {
    EXPECT_FALSE(doc[table].empty()) << table;
  }
  EXPECT_EQ(doc["clock"]["frozen"], true);

  // Change things, then import the first export: it is all back, exactly.
  PostJson("/_sandbox/events/evt_abc123/participants",
           {{"first_name", "Late"}, {"last_name", "Comer"}, {"email", "late@example.com"}});
  PostJson("/_sandbox/clock", {{"resume", true}});
  PostJson("/_sandbox/clock", {{"advance_seconds", 3600}});
  auto res = Import(first);
  ASSERT_EQ(res->status, 200) << res->body;
  json imported = json::parse(res->body)["imported"];
  EXPECT_EQ(imported["participants"], doc["participants"].size());
  std::string second = ExportText();
  EXPECT_EQ(second, first);

  // The imported token family works: tokens are kept as their digests.
  auto api = client_->Get("/api/v1/events/evt_abc123", httplib::Headers{{"Authorization", "Bearer " + access}});
  EXPECT_NE(api->status, 500);
  // A running clock round-trips its offset.
  PostJson("/_sandbox/clock", {{"resume", true}});
  std::string running = ExportText();
  ASSERT_EQ(Import(running)->status, 200);
  EXPECT_EQ(ExportText(), running);
  EXPECT_EQ(json::parse(running)["clock"]["frozen"], false);
  EXPECT_EQ(json::parse(running)["clock"]["offset_ms"], 90000);
}

}  // namespace
}  // namespace revento::testing
