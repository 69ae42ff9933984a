// The delivery rules of CONTRACT.md "Webhooks", end to end through the
// in-process sandbox and real loopback receivers.
#include <gtest/gtest.h>

#include <set>

#include "tests/emulator/webhooks/webhook_test_support.h"

namespace revento::testing {
namespace {

using nlohmann::json;

constexpr int64_t kStart = 1795773600;  // the FakeClock's start, 2026-11-27T10:00:00Z

std::string Iso(int64_t t) { return emulator::IsoTimestampFromUnix(t); }

class DeliveryRulesTest : public WebhookTest {
 protected:
  // Publishes the draft event: one delivery of event.published.
  std::string PublishEvent() {
    auto res = Post("/_sandbox/events/evt_abc123/publish");
    EXPECT_EQ(res.status, 200) << res.body.dump();
    EXPECT_EQ(res.body["delivery_ids"].size(), 1u) << res.body.dump();
    return res.body["delivery_ids"].empty() ? "" : res.body["delivery_ids"][0].get<std::string>();
  }
};

TEST_F(DeliveryRulesTest, ReceiverDownRetriesAtTheDocumentedTimesThenFails) {
  RefusingPort down;
  StartSandbox(down.url());
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  json d = Delivery(id);
  ASSERT_EQ(d["attempts"].size(), 1u);
  EXPECT_EQ(d["attempts"][0]["started_at"], Iso(kStart));
  EXPECT_EQ(d["status"], "pending");
  EXPECT_FALSE(d["attempts"][0]["error"].is_null());

  const int64_t schedule[] = {5, 300, 1800, 7200, 18000, 36000, 36000};
  int64_t failed_at = kStart;
  for (size_t n = 0; n < 7; ++n) {
    EXPECT_EQ(d["next_attempt_at"], Iso(failed_at + schedule[n])) << "retry " << n + 1;
    // One second early: nothing is sent.
    AdvanceSandbox(schedule[n] - 1);
    Flush();
    ASSERT_EQ(Delivery(id)["attempts"].size(), n + 1) << "retry " << n + 1 << " went out early";
    AdvanceSandbox(1);
    Flush();
    d = Delivery(id);
    ASSERT_EQ(d["attempts"].size(), n + 2) << "retry " << n + 1 << " did not go out on time";
    failed_at += schedule[n];
    EXPECT_EQ(d["attempts"][n + 1]["started_at"], Iso(failed_at));
    EXPECT_EQ(d["attempts"][n + 1]["attempt"], n + 2);
  }
  EXPECT_EQ(d["status"], "failed");
  EXPECT_TRUE(d["next_attempt_at"].is_null());
  EXPECT_EQ(d["completed_at"], Iso(failed_at));
  // Nothing more, however far the clock goes.
  AdvanceSandbox(10 * 86400);
  Flush();
  EXPECT_EQ(Delivery(id)["attempts"].size(), 8u);
}

TEST_F(DeliveryRulesTest, FiveHundredThenTwoHundredSucceedsOnTheSecondAttemptWithANewSignature) {
  receiver_.Script({{500, "boom", {}, false}});
  Install("ins_1");
  std::string id = PublishEvent();
  ASSERT_TRUE(receiver_.WaitForCount(1));
  Flush();
  json d = Delivery(id);
  EXPECT_EQ(d["status"], "pending");
  EXPECT_EQ(d["attempts"][0]["status_code"], 500);
  EXPECT_EQ(d["attempts"][0]["response_excerpt"], "boom");
  // Five real seconds pass too, so the second attempt carries a new timestamp.
  sandbox_->base_clock().Advance(std::chrono::seconds(5));
  Flush();
  d = Delivery(id);
  EXPECT_EQ(d["status"], "succeeded");
  ASSERT_EQ(d["attempts"].size(), 2u);
  EXPECT_EQ(d["attempts"][1]["status_code"], 200);
  auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].Header("X-Revento-Delivery-Id"), id);
  EXPECT_EQ(got[1].Header("X-Revento-Delivery-Id"), id);
  EXPECT_EQ(got[0].Header("X-Revento-Timestamp"), std::to_string(kStart));
  EXPECT_EQ(got[1].Header("X-Revento-Timestamp"), std::to_string(kStart + 5));
  EXPECT_NE(got[0].Header("X-Revento-Signature"), got[1].Header("X-Revento-Signature"));
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_TRUE(Verified(got[0]));
  EXPECT_TRUE(Verified(got[1]));
  EXPECT_EQ(got[1].Header("X-Revento-Event"), "event.published");
  EXPECT_EQ(d["attempts"][1]["timestamp_header"], kStart + 5);
}

TEST_F(DeliveryRulesTest, TheLogServesTheExactBytesThatWereSignedAndSent) {
  Install("ins_1");
  std::string id = PublishEvent();
  ASSERT_TRUE(receiver_.WaitForCount(1));
  Flush();
  json d = Delivery(id);
  auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(d["body_raw"].is_string()) << d.dump();
  EXPECT_EQ(d["body_raw"].get<std::string>(), got[0].body);
  // The signature verifies over body_raw; the parsed payload, serialised
  // again (sorted keys), is other bytes and would not.
  WebhookReceiver::Request from_log = got[0];
  from_log.body = d["body_raw"];
  EXPECT_TRUE(Verified(from_log));
  EXPECT_NE(d["payload"].dump(), got[0].body);
  from_log.body = d["payload"].dump();
  EXPECT_FALSE(Verified(from_log));
}

TEST_F(DeliveryRulesTest, TimestampIsRealTimeNotSandboxTime) {
  Install("ins_1");
  AdvanceSandbox(86400);
  PublishEvent();
  ASSERT_TRUE(receiver_.WaitForCount(1));
  EXPECT_EQ(receiver_.Received()[0].Header("X-Revento-Timestamp"), std::to_string(kStart));
  EXPECT_TRUE(Verified(receiver_.Received()[0]));
}

TEST_F(DeliveryRulesTest, HangingReceiverFailsAtTheTimeoutWhileOthersContinue) {
  StartSandbox(receiver_.url(), 3);
  WebhookReceiver fast;
  receiver_.Script({{200, "ok", {}, true}});
  auto other = Post("/_sandbox/integrations", {{"name", "Other"},
                                               {"redirect_uris", {"http://localhost:4000/cb"}},
                                               {"scopes", {"event.read"}},
                                               {"webhook_url", fast.url()},
                                               {"webhook_events", {"event.published", "event.updated"}}});
  ASSERT_EQ(other.status, 201) << other.body.dump();
  Install("ins_hang");
  Install("ins_fast", "event.read", other.body["id"]);
  // Only the quickstart app receives participant.updated; its receiver hangs.
  auto hung = Post("/_sandbox/webhooks/trigger", {{"type", "participant.updated"}, {"event_id", "evt_abc123"}});
  ASSERT_EQ(hung.body["delivery_ids"].size(), 1u) << hung.body.dump();
  std::string hung_id = hung.body["delivery_ids"][0];
  ASSERT_TRUE(receiver_.WaitForCount(1));
  // While it hangs, deliveries to everyone else keep flowing.
  ASSERT_EQ(Post("/_sandbox/events/evt_abc123/publish").status, 200);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Post("/_sandbox/events/evt_abc123/update", {{"name", "Renamed " + std::to_string(i)}}).status, 200);
  }
  ASSERT_TRUE(fast.WaitForCount(6));
  ASSERT_TRUE(receiver_.WaitForCount(7));
  EXPECT_EQ(Delivery(hung_id)["status"], "in_flight") << "the hanging attempt should still be waiting";
  Flush();
  json d = Delivery(hung_id);
  EXPECT_EQ(d["status"], "pending");
  ASSERT_EQ(d["attempts"].size(), 1u);
  EXPECT_TRUE(d["attempts"][0]["status_code"].is_null());
  EXPECT_NE(d["attempts"][0]["error"].get<std::string>().find("timed out"), std::string::npos)
      << d["attempts"][0]["error"];
  EXPECT_GE(d["attempts"][0]["duration_ms"].get<int64_t>(), 2900);
  auto fast_done = Get("/_sandbox/deliveries?integration=" + other.body["id"].get<std::string>() + "&status=succeeded");
  EXPECT_EQ(fast_done.body["data"].size(), 6u);
}

TEST_F(DeliveryRulesTest, AdvancingTheSandboxClockAloneSendsDueRetries) {
  receiver_.Script({{500, "", {}, false}, {500, "", {}, false}});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  AdvanceSandbox(5);
  Flush();
  ASSERT_EQ(receiver_.Count(), 2u);
  // No flush: the clock change itself wakes the scheduler. (Otherwise it
  // would sleep up to 30 s of real time toward the 5 min retry.)
  AdvanceSandbox(300);
  ASSERT_TRUE(receiver_.WaitForCount(3, std::chrono::seconds(20)));
  EXPECT_EQ(receiver_.Received()[2].Header("X-Revento-Delivery-Id"), id);
}

TEST_F(DeliveryRulesTest, GoneFailsAtOnce) {
  receiver_.SetDefault({410, "gone", {}, false});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  json d = Delivery(id);
  EXPECT_EQ(d["status"], "failed");
  EXPECT_EQ(d["attempts"].size(), 1u);
  EXPECT_EQ(d["attempts"][0]["status_code"], 410);
  AdvanceSandbox(86400 * 3);
  Flush();
  EXPECT_EQ(receiver_.Count(), 1u);
}

TEST_F(DeliveryRulesTest, RedirectIsAFailureAndIsNotFollowed) {
  WebhookReceiver target;
  receiver_.SetDefault({302, "", {{"Location", target.url()}}, false});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  json d = Delivery(id);
  EXPECT_EQ(d["status"], "pending");
  EXPECT_EQ(d["attempts"][0]["status_code"], 302);
  EXPECT_NE(d["attempts"][0]["error"].get<std::string>().find("redirect"), std::string::npos);
  EXPECT_EQ(target.Count(), 0u);
}

TEST_F(DeliveryRulesTest, RetryAfterLongerThanTheScheduleIsHonoured) {
  receiver_.Script({{429, "slow down", {{"Retry-After", "120"}}, false}});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  json d = Delivery(id);
  EXPECT_EQ(d["next_attempt_at"], Iso(kStart + 120));
  AdvanceSandbox(5);
  Flush();
  EXPECT_EQ(receiver_.Count(), 1u) << "the 5 s retry must wait for Retry-After";
  AdvanceSandbox(115);
  Flush();
  EXPECT_EQ(Delivery(id)["status"], "succeeded");
}

TEST_F(DeliveryRulesTest, RetryAfterShorterThanTheScheduleIsIgnored) {
  receiver_.Script({{503, "", {{"Retry-After", "1"}}, false}});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  EXPECT_EQ(Delivery(id)["next_attempt_at"], Iso(kStart + 5));
}

TEST_F(DeliveryRulesTest, RetryAfterOnOtherStatusesIsIgnored) {
  receiver_.Script({{500, "", {{"Retry-After", "3600"}}, false}});
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  EXPECT_EQ(Delivery(id)["next_attempt_at"], Iso(kStart + 5));
}

TEST_F(DeliveryRulesTest, BodyIsTheEnvelopeWithTheReadApiRepresentation) {
  Install("ins_1");
  std::string id = PublishEvent();
  ASSERT_TRUE(receiver_.WaitForCount(1));
  auto r = receiver_.Received()[0];
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  json body = json::parse(r.body);
  EXPECT_TRUE(body["id"].get<std::string>().starts_with("whe_"));
  EXPECT_EQ(body["type"], "event.published");
  EXPECT_EQ(body["created_at"], Iso(kStart));
  EXPECT_EQ(body["event_id"], "evt_abc123");
  EXPECT_EQ(body["organization_id"], "org_xyz789");
  EXPECT_EQ(body["data"]["object"], "event");
  EXPECT_EQ(body["data"]["status"], "published");
  EXPECT_TRUE(r.body.starts_with("{\"id\":")) << r.body;
  EXPECT_TRUE(Verified(r));
  EXPECT_FALSE(Verified(r, "whsec_wrong"));
}

TEST_F(DeliveryRulesTest, NonAsciiBodiesAreSignedOverTheExactUtf8Bytes) {
  Install("ins_1");
  auto res =
      Post("/_sandbox/webhooks/trigger", {{"type", "participant.updated"},
                                          {"event_id", "evt_abc123"},
                                          {"overrides", {{"first_name", "Zoë"}, {"last_name", "Ōtsuka 🎉 Ünïcødé"}}}});
  ASSERT_EQ(res.status, 200) << res.body.dump();
  ASSERT_TRUE(receiver_.WaitForCount(1));
  auto r = receiver_.Received()[0];
  EXPECT_NE(r.body.find("Zoë"), std::string::npos) << "non-ASCII must be sent as raw UTF-8: " << r.body;
  EXPECT_NE(r.body.find("🎉"), std::string::npos);
  EXPECT_TRUE(Verified(r));
  std::string tampered = r.body;
  tampered.replace(tampered.find("Zoë"), 4, "Zoe");
  auto copy = r;
  copy.body = tampered;
  EXPECT_FALSE(Verified(copy));
}

TEST_F(DeliveryRulesTest, ReplaySendsTheSamePayloadUnderANewId) {
  Install("ins_1");
  std::string id = PublishEvent();
  Flush();
  auto replay = Post("/_sandbox/deliveries/" + id + "/replay");
  ASSERT_EQ(replay.status, 201) << replay.body.dump();
  std::string new_id = replay.body["delivery"]["id"];
  EXPECT_NE(new_id, id);
  EXPECT_EQ(replay.body["delivery"]["replay_of"], id);
  Flush();
  auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_EQ(got[1].Header("X-Revento-Delivery-Id"), new_id);
  EXPECT_TRUE(Verified(got[1]));
  EXPECT_EQ(Post("/_sandbox/deliveries/dlv_nope/replay").status, 404);
}

TEST_F(DeliveryRulesTest, InstallationRevokedIsSentWhenOAuthRevokesAFamily) {
  Install("ins_gone", "participants.read");
  {
    auto& db = sandbox_->emulator().db();
    auto lock = db.Lock();
    db.Prepare("UPDATE installations SET revoked_at = 1795773600, revoked_reason = 'refresh token reused' WHERE id = ?")
        .Bind(1, "ins_gone")
        .Run();
  }
  EXPECT_EQ(RaiseInstallationRevoked("ins_gone", "refresh token reused").size(), 1u);
  ASSERT_TRUE(receiver_.WaitForCount(1));
  auto r = receiver_.Received()[0];
  EXPECT_EQ(r.Header("X-Revento-Event"), "installation.revoked");
  json body = json::parse(r.body);
  EXPECT_EQ(body["data"]["id"], "ins_gone");
  EXPECT_EQ(body["data"]["integration_id"], "int_quickstart");
  EXPECT_EQ(body["data"]["reason"], "refresh token reused");
  EXPECT_EQ(body["data"]["revoked_at"], Iso(kStart));
  EXPECT_TRUE(Verified(r));
}

TEST_F(DeliveryRulesTest, ResetDropsQueuedDeliveries) {
  receiver_.SetDefault({500, "", {}, false});
  Install("ins_1");
  PublishEvent();
  Flush();
  ASSERT_EQ(Post("/_sandbox/reset").status, 200);
  EXPECT_TRUE(Get("/_sandbox/deliveries").body["data"].empty());
  AdvanceSandbox(3600);
  Flush();
  EXPECT_EQ(receiver_.Count(), 1u);
}

TEST_F(DeliveryRulesTest, ManyDeliveriesAtOnceAreEachSentExactlyOnce) {
  Install("ins_1");
  std::set<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    auto res = Post("/_sandbox/webhooks/trigger", {{"type", "event.updated"}, {"event_id", "evt_abc123"}});
    ASSERT_EQ(res.status, 200);
    ids.insert(res.body["delivery_ids"][0].get<std::string>());
  }
  Flush();
  auto got = receiver_.Received();
  std::multiset<std::string> received;
  for (const auto& r : got) received.insert(r.Header("X-Revento-Delivery-Id"));
  EXPECT_EQ(received.size(), 40u);
  EXPECT_EQ(std::set<std::string>(received.begin(), received.end()), ids);
  EXPECT_EQ(Get("/_sandbox/deliveries?status=succeeded&limit=1000").body["data"].size(), 40u);
}

TEST_F(DeliveryRulesTest, DeliveryLogFiltersAndValidates) {
  Install("ins_1");
  PublishEvent();
  Post("/_sandbox/events/evt_abc123/update", {{"venue", "Elsewhere"}});
  Flush();
  EXPECT_EQ(Get("/_sandbox/deliveries").body["data"].size(), 2u);
  EXPECT_EQ(Get("/_sandbox/deliveries?type=event.updated").body["data"].size(), 1u);
  EXPECT_EQ(Get("/_sandbox/deliveries?status=succeeded&integration=int_quickstart").body["data"].size(), 2u);
  EXPECT_EQ(Get("/_sandbox/deliveries?status=failed").body["data"].size(), 0u);
  EXPECT_EQ(Get("/_sandbox/deliveries?status=bogus").status, 400);
  EXPECT_EQ(Get("/_sandbox/deliveries?type=event.exploded").status, 400);
  EXPECT_EQ(Get("/_sandbox/deliveries?limit=0").status, 400);
  EXPECT_EQ(Get("/_sandbox/deliveries?colour=red").status, 400);
  EXPECT_EQ(Get("/_sandbox/deliveries/dlv_missing").status, 404);
}

}  // namespace
}  // namespace revento::testing
