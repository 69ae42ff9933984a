// Fan-out (CONTRACT.md "Webhooks"): installed (a live family on the event),
// type declared in the manifest, granted scopes covering the type's scope.
#include "emulator/webhooks/fan_out.h"

#include <gtest/gtest.h>

#include "tests/emulator/webhooks/webhook_test_support.h"

namespace revento::testing {
namespace {

using nlohmann::json;

class FanOutTest : public WebhookTest {
 protected:
  // A second integration pointing at `receiver`, returning its id.
  std::string Register(const WebhookReceiver& receiver, const json& scopes, const json& events) {
    auto res = Post("/_sandbox/integrations", {{"name", "Second app"},
                                               {"redirect_uris", {"http://localhost:4000/cb"}},
                                               {"scopes", scopes},
                                               {"webhook_url", receiver.url()},
                                               {"webhook_events", events}});
    EXPECT_EQ(res.status, 201) << res.body.dump();
    return res.body.value("id", "");
  }
  json Trigger(const std::string& type, const std::string& event_id = "evt_abc123") {
    auto res = Post("/_sandbox/webhooks/trigger", {{"type", type}, {"event_id", event_id}});
    EXPECT_EQ(res.status, 200) << res.body.dump();
    return res.body["delivery_ids"];
  }
};

TEST_F(FanOutTest, NotInstalledReceivesNothing) {
  EXPECT_TRUE(Trigger("event.updated").empty());
  Flush();
  EXPECT_EQ(receiver_.Count(), 0u);
}

TEST_F(FanOutTest, RevokedFamilyReceivesNothing) {
  Install("ins_old", kAllScopes, "int_quickstart", "evt_abc123", true);
  EXPECT_TRUE(Trigger("event.updated").empty());
}

TEST_F(FanOutTest, InstallationOnAnotherEventReceivesNothing) {
  Install("ins_other", kAllScopes, "int_quickstart", "evt_def456");
  EXPECT_TRUE(Trigger("event.updated", "evt_abc123").empty());
  EXPECT_EQ(Trigger("event.updated", "evt_def456").size(), 1u);
}

TEST_F(FanOutTest, ScopeNotGrantedReceivesNothing) {
  Install("ins_1", "event.read participants.read");
  EXPECT_TRUE(Trigger("application.submitted").empty());
  EXPECT_TRUE(Trigger("participant.checked_in").empty());
  EXPECT_EQ(Trigger("participant.registered").size(), 1u);
  EXPECT_EQ(Trigger("event.published").size(), 1u);
}

TEST_F(FanOutTest, UndeclaredTypeReceivesNothing) {
  WebhookReceiver second;
  std::string id = Register(second, {"event.read", "participants.read"}, {"participant.registered"});
  Install("ins_2", "event.read participants.read", id);
  EXPECT_TRUE(Trigger("event.published").empty());
  EXPECT_EQ(Trigger("participant.registered").size(), 1u);
}

TEST_F(FanOutTest, InstallationRevokedNeedsNoScope) {
  Install("ins_1", "");
  EXPECT_EQ(Trigger("installation.revoked").size(), 1u);
  EXPECT_TRUE(Trigger("event.updated").empty());
  Flush();
  auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 1u);
  json body = json::parse(got[0].body);
  EXPECT_EQ(body["data"]["id"], "ins_1");
  EXPECT_EQ(body["data"]["integration_id"], "int_quickstart");
}

TEST_F(FanOutTest, RevocationIsNotSentWhenTheManifestDoesNotDeclareIt) {
  WebhookReceiver second;
  std::string id = Register(second, {"event.read"}, {"event.updated"});
  Install("ins_2", "event.read", id, "evt_abc123", true);
  EXPECT_TRUE(RaiseInstallationRevoked("ins_2", "revoked at /oauth/revoke").empty());
  EXPECT_TRUE(RaiseInstallationRevoked("ins_unknown", "nothing").empty());
  Flush();
  EXPECT_EQ(second.Count(), 0u);
  EXPECT_TRUE(Get("/_sandbox/deliveries").body["data"].empty());
}

TEST_F(FanOutTest, OneDeliveryPerIntegrationEvenWhenInstalledTwice) {
  Install("ins_a");
  Install("ins_b");
  EXPECT_EQ(Trigger("event.updated").size(), 1u);
}

TEST_F(FanOutTest, TheDeliveryGoesToTheOldestLiveFamily) {
  Install("ins_a");
  Install("ins_b");
  auto ids = Trigger("event.updated");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(Get("/_sandbox/deliveries/" + ids[0].get<std::string>()).body["installation_id"], "ins_a");
}

// Fan-out walks an integration's live families oldest first and stops at the
// first whose scopes cover the type: an older family without the scope must
// not hide a newer one with it, nor a revoked one count.
TEST_F(FanOutTest, AnOlderFamilyWithoutTheScopeDoesNotHideANewerOneWithIt) {
  Install("ins_a", "participants.read");
  Install("ins_b", kAllScopes, "int_quickstart", "evt_abc123", true);
  Install("ins_c", "participants.read applications.read");
  auto ids = Trigger("application.submitted");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(Get("/_sandbox/deliveries/" + ids[0].get<std::string>()).body["installation_id"], "ins_c");
  EXPECT_TRUE(Trigger("event.updated").empty());
}

TEST_F(FanOutTest, ApprovingFiresBothTypesAndParticipantsReadOnlyGetsTheSecond) {
  WebhookReceiver quickstart_like;
  std::string id = Register(quickstart_like, {"event.read", "participants.read", "applications.read"},
                            {"participant.registered", "application.approved"});
  // Like the quickstart: consent granted event.read participants.read only.
  Install("ins_qs", "event.read participants.read", id);
  Install("ins_full");
  auto res = Post("/_sandbox/events/evt_abc123/applications/app_001/approve");
  ASSERT_EQ(res.status, 200) << res.body.dump();
  EXPECT_EQ(res.body["application"]["status"], "approved");
  EXPECT_EQ(res.body["participant"]["email"], "joan.clarke@example.com");
  EXPECT_EQ(res.body["application"]["participant_id"], res.body["participant"]["id"]);
  EXPECT_EQ(res.body["delivery_ids"].size(), 3u);
  Flush();
  auto full = receiver_.Received();
  ASSERT_EQ(full.size(), 2u);
  std::set<std::string> types{full[0].Header("X-Revento-Event"), full[1].Header("X-Revento-Event")};
  EXPECT_EQ(types, (std::set<std::string>{"application.approved", "participant.registered"}));
  auto limited = quickstart_like.Received();
  ASSERT_EQ(limited.size(), 1u);
  EXPECT_EQ(limited[0].Header("X-Revento-Event"), "participant.registered");
  json body = json::parse(limited[0].body);
  EXPECT_EQ(body["data"]["object"], "participant");
  EXPECT_EQ(body["data"]["first_name"], "Joan");
  EXPECT_EQ(body["data"]["last_name"], "Clarke");
}

}  // namespace
}  // namespace revento::testing
