// Organizer actions under /_sandbox: each changes the sandbox, returns the
// changed resource and the delivery ids it caused; invalid transitions are
// 409 and bad input 400 naming the field.
#include <gtest/gtest.h>

#include <set>

#include "tests/emulator/webhooks/webhook_test_support.h"

namespace revento::testing {
namespace {

using nlohmann::json;

class OrganizerActionsTest : public WebhookTest {
 protected:
  void SetUp() override {
    WebhookTest::SetUp();
    Install("ins_1");
  }
  // Deliveries go out in parallel, so their order of arrival is not defined.
  std::multiset<std::string> ReceivedTypes() {
    Flush();
    std::multiset<std::string> out;
    for (const auto& r : receiver_.Received()) out.insert(r.Header("X-Revento-Event"));
    return out;
  }
};

TEST_F(OrganizerActionsTest, UnknownResourcesAre404) {
  EXPECT_EQ(Post("/_sandbox/events/evt_nope/publish").status, 404);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/applications/app_nope/approve").status, 404);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/participants/par_nope/cancel").status, 404);
  // A participant of another event is not found through this event.
  EXPECT_EQ(Post("/_sandbox/events/evt_def456/participants/par_001/cancel").status, 404);
}

TEST_F(OrganizerActionsTest, PublishingTwiceOrACancelledEventIs409) {
  ASSERT_EQ(Post("/_sandbox/events/evt_abc123/publish").status, 200);
  auto again = Post("/_sandbox/events/evt_abc123/publish");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["error"]["code"], "invalid_transition");
  ASSERT_EQ(Post("/_sandbox/events/evt_abc123/cancel").status, 200);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/cancel").status, 409);
  auto publish_cancelled = Post("/_sandbox/events/evt_abc123/publish");
  EXPECT_EQ(publish_cancelled.status, 409);
  EXPECT_NE(publish_cancelled.body["error"]["message"].get<std::string>().find("cancelled"), std::string::npos);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/update", {{"name", "x"}}).status, 409);
  EXPECT_EQ(ReceivedTypes(), (std::multiset<std::string>{"event.published", "event.cancelled"}));
}

TEST_F(OrganizerActionsTest, ACancelledEventTakesNoRegistrationOrApplication) {
  json person = {{"first_name", "Ada"}, {"last_name", "Lovelace"}, {"email", "ada@example.com"}};
  json applicant = {{"applicant_name", "Ada Lovelace"}, {"applicant_email", "ada@example.com"}};
  EXPECT_EQ(Post("/_sandbox/events/evt_nope/participants", person).status, 404);
  EXPECT_EQ(Post("/_sandbox/events/evt_nope/applications", applicant).status, 404);
  ASSERT_EQ(Post("/_sandbox/events/evt_abc123/cancel").status, 200);
  auto registration = Post("/_sandbox/events/evt_abc123/participants", person);
  EXPECT_EQ(registration.status, 409);
  EXPECT_EQ(registration.body["error"]["code"], "invalid_transition");
  EXPECT_EQ(registration.body["error"]["message"], "Event evt_abc123 is cancelled; nobody can register.");
  auto application = Post("/_sandbox/events/evt_abc123/applications", applicant);
  EXPECT_EQ(application.status, 409);
  EXPECT_EQ(application.body["error"]["message"], "Event evt_abc123 is cancelled; it takes no applications.");
  EXPECT_EQ(ReceivedTypes(), (std::multiset<std::string>{"event.cancelled"}));
}

TEST_F(OrganizerActionsTest, UpdateValidatesFields) {
  auto unknown = Post("/_sandbox/events/evt_abc123/update", {{"colour", "red"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body["error"]["message"].get<std::string>().find("colour"), std::string::npos);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/update").status, 400);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/update", {{"capacity", -1}}).status, 400);
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/update", {{"starts_at", "tomorrow"}}).status, 400);
  auto ok = Post("/_sandbox/events/evt_abc123/update", {{"venue", "Tempelhof"}, {"capacity", 500}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["event"]["venue"], "Tempelhof");
  EXPECT_EQ(ok.body["event"]["capacity"], 500);
  EXPECT_EQ(ok.body["delivery_ids"].size(), 1u);
}

TEST_F(OrganizerActionsTest, ApprovingARejectedApplicationIs409) {
  auto rejected = Post("/_sandbox/events/evt_abc123/applications/app_002/reject");
  ASSERT_EQ(rejected.status, 200) << rejected.body.dump();
  EXPECT_EQ(rejected.body["application"]["status"], "rejected");
  EXPECT_FALSE(rejected.body["application"]["decided_at"].is_null());
  auto approve = Post("/_sandbox/events/evt_abc123/applications/app_002/approve");
  EXPECT_EQ(approve.status, 409);
  EXPECT_NE(approve.body["error"]["message"].get<std::string>().find("rejected"), std::string::npos);
  EXPECT_EQ(ReceivedTypes(), (std::multiset<std::string>{"application.rejected"}));
}

TEST_F(OrganizerActionsTest, SubmitApplicationValidatesAndFires) {
  EXPECT_EQ(Post("/_sandbox/events/evt_abc123/applications", {{"applicant_name", "A"}}).status, 400);
  EXPECT_EQ(
      Post("/_sandbox/events/evt_abc123/applications", {{"applicant_name", "A"}, {"applicant_email", "not-an-email"}})
          .status,
      400);
  auto ok = Post(
      "/_sandbox/events/evt_abc123/applications",
      {{"applicant_name", "Grace Hopper"}, {"applicant_email", "grace@example.com"}, {"answers", {{"why", "COBOL"}}}});
  ASSERT_EQ(ok.status, 201) << ok.body.dump();
  EXPECT_EQ(ok.body["application"]["status"], "pending");
  EXPECT_EQ(ok.body["application"]["answers"]["why"], "COBOL");
  EXPECT_EQ(ReceivedTypes(), (std::multiset<std::string>{"application.submitted"}));
}

TEST_F(OrganizerActionsTest, ParticipantLifecycle) {
  auto reg = Post("/_sandbox/events/evt_abc123/participants",
                  {{"first_name", "Alan"}, {"last_name", "Turing"}, {"email", "alan@example.com"}});
  ASSERT_EQ(reg.status, 201) << reg.body.dump();
  std::string pid = reg.body["participant"]["id"];
  std::string base = "/_sandbox/events/evt_abc123/participants/" + pid;
  auto upd = Post(base + "/update", {{"ticket_type", "vip"}});
  ASSERT_EQ(upd.status, 200);
  EXPECT_EQ(upd.body["participant"]["ticket_type"], "vip");
  auto check_in = Post(base + "/check-in", {{"method", "qr"}});
  ASSERT_EQ(check_in.status, 200) << check_in.body.dump();
  EXPECT_FALSE(check_in.body["participant"]["checked_in_at"].is_null());
  EXPECT_EQ(check_in.body["check_in"]["method"], "qr");
  EXPECT_EQ(check_in.body["check_in"]["participant_id"], pid);
  EXPECT_EQ(Post(base + "/check-in").status, 409);
  EXPECT_EQ(Post(base + "/check-in", {{"method", "telepathy"}}).status, 400);
  ASSERT_EQ(Post(base + "/cancel").status, 200);
  EXPECT_EQ(Post(base + "/cancel").status, 409);
  EXPECT_EQ(Post(base + "/update", {{"first_name", "A"}}).status, 409);
  EXPECT_EQ(ReceivedTypes(), (std::multiset<std::string>{"participant.registered", "participant.updated",
                                                         "participant.checked_in", "participant.cancelled"}));
  json checked_in;
  for (const auto& r : receiver_.Received())
    if (r.Header("X-Revento-Event") == "participant.checked_in") checked_in = json::parse(r.body);
  EXPECT_EQ(checked_in["data"]["object"], "check_in");
  // The check-in row exists for the Read API.
  auto& db = sandbox_->emulator().db();
  auto lock = db.Lock();
  auto& s = db.Prepare("SELECT COUNT(*) FROM check_ins WHERE participant_id = ?");
  s.Bind(1, pid);
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), 1);
  s.Reset();
}

TEST_F(OrganizerActionsTest, TriggerValidatesAndMergesOverrides) {
  EXPECT_EQ(Post("/_sandbox/webhooks/trigger", {{"type", "event.exploded"}, {"event_id", "evt_abc123"}}).status, 400);
  EXPECT_EQ(Post("/_sandbox/webhooks/trigger", {{"type", "event.updated"}}).status, 400);
  EXPECT_EQ(Post("/_sandbox/webhooks/trigger", {{"type", "event.updated"}, {"event_id", "evt_nope"}}).status, 400);
  EXPECT_EQ(Post("/_sandbox/webhooks/trigger",
                 {{"type", "event.updated"}, {"event_id", "evt_abc123"}, {"overrides", json::array()}})
                .status,
            400);
  auto res = Post("/_sandbox/webhooks/trigger", {{"type", "event.updated"},
                                                 {"event_id", "evt_abc123"},
                                                 {"overrides", {{"name", "Patched"}, {"venue", nullptr}}}});
  ASSERT_EQ(res.status, 200) << res.body.dump();
  EXPECT_EQ(res.body["data"]["name"], "Patched");
  EXPECT_FALSE(res.body["data"].contains("venue"));
  Flush();
  json body = json::parse(receiver_.Received()[0].body);
  EXPECT_EQ(body["data"]["name"], "Patched");
  EXPECT_FALSE(body["data"].contains("venue"));
  EXPECT_EQ(body["data"]["id"], "evt_abc123");
}

TEST_F(OrganizerActionsTest, IntegrationManifestsAreValidated) {
  json good = {{"name", "App"},
               {"redirect_uris", {"http://localhost:5000/cb"}},
               {"scopes", {"event.read"}},
               {"webhook_url", "http://localhost:5000/hooks"},
               {"webhook_events", {"event.published"}}};
  auto expect_bad = [&](json manifest, const std::string& field) {
    auto res = Post("/_sandbox/integrations", manifest);
    EXPECT_EQ(res.status, 400) << manifest.dump();
    EXPECT_TRUE(res.body["error"]["message"].get<std::string>().starts_with(field)) << res.body.dump();
  };
  json m = good;
  m["scopes"] = {"event.read", "everything.write"};
  expect_bad(m, "scopes[1]");
  m = good;
  m["webhook_events"] = {"event.exploded"};
  expect_bad(m, "webhook_events[0]");
  m = good;
  m["webhook_events"] = {"participant.registered"};
  expect_bad(m, "webhook_events[0]");  // participants.read not declared
  m = good;
  m.erase("webhook_url");
  expect_bad(m, "webhook_url");
  m = good;
  m["webhook_url"] = "ftp://x/y";
  expect_bad(m, "webhook_url");
  m = good;
  m["redirect_uris"] = {"/relative"};
  expect_bad(m, "redirect_uris[0]");
  m = good;
  m["redirect_uris"] = {"http://localhost/cb#frag"};
  expect_bad(m, "redirect_uris[0]");
  m = good;
  m["redirect_uris"] = json::array();
  expect_bad(m, "redirect_uris");
  m = good;
  m.erase("name");
  expect_bad(m, "name");
  m = good;
  m["extra"] = 1;
  expect_bad(m, "extra");

  auto created = Post("/_sandbox/integrations", good);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_TRUE(created.body["client_id"].get<std::string>().starts_with("rev_client_"));
  EXPECT_TRUE(created.body["client_secret"].get<std::string>().starts_with("rev_secret_"));
  EXPECT_TRUE(created.body["webhook_secret"].get<std::string>().starts_with("whsec_"));
  m = good;
  m.erase("webhook_url");
  m.erase("webhook_events");
  auto no_hooks = Post("/_sandbox/integrations", m);
  ASSERT_EQ(no_hooks.status, 201);
  EXPECT_TRUE(no_hooks.body["webhook_secret"].is_null());

  auto list = Get("/_sandbox/integrations");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["data"].size(), 3u);
  for (const auto& i : list.body["data"]) {
    EXPECT_FALSE(i.contains("client_secret"));
    EXPECT_FALSE(i.contains("webhook_secret"));
  }
  EXPECT_EQ(list.body.dump().find(created.body["client_secret"].get<std::string>()), std::string::npos);
}

}  // namespace
}  // namespace revento::testing
