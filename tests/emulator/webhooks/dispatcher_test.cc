// The dispatcher against a mocked Transport (the outbound seam): what one
// attempt sends, and what it does with the answer.
#include "emulator/webhooks/dispatcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <sstream>

#include "client/webhooks/signature_verifier.h"
#include "emulator/store/delivery_store.h"
#include "emulator/store/integrations.h"
#include "emulator/store/schema.h"
#include "tests/support/fake_clock.h"

namespace revento::emulator::webhooks {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

class MockTransport : public Transport {
 public:
  MOCK_METHOD(OutboundResponse, Post, (const OutboundRequest& request), (override));
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*Database::Open(":memory:"));
    auto lock = db_->Lock();
    ASSERT_TRUE(ApplySchema(*db_));
    Integration i;
    i.id = "int_1";
    i.name = "App";
    i.client_id = "rev_client_1";
    i.client_secret = "rev_secret_1";
    i.webhook_url = "http://receiver.test/hook";
    i.webhook_secret = "whsec_mock";
    Integrations(*db_).Insert(i);
  }
  void Add(const std::string& id) {
    auto lock = db_->Lock();
    Delivery d;
    d.id = id;
    d.integration_id = "int_1";
    d.type = "event.updated";
    d.event_id = "evt_1";
    d.organization_id = "org_1";
    d.webhook_url = "http://receiver.test/hook";
    d.payload = R"({"id":"whe_1","data":{"name":"Zoë"}})";
    d.status = "pending";
    d.next_attempt_at = UnixSeconds(sandbox_.Now());
    d.created_at = *d.next_attempt_at;
    DeliveryStore(*db_).Insert(d);
  }
  Delivery Find(const std::string& id) {
    auto lock = db_->Lock();
    return *DeliveryStore(*db_).Find(id);
  }

  testing::FakeClock base_;
  SandboxClock sandbox_{base_};
  std::unique_ptr<Database> db_;
  std::ostringstream log_stream_;
  Log log_{log_stream_, LogLevel::kOff};
  MockTransport transport_;
};

TEST_F(DispatcherTest, OneAttemptSendsTheSignedHeadersWithTheConfiguredTimeout) {
  OutboundRequest seen;
  EXPECT_CALL(transport_, Post(_)).WillOnce(Invoke([&](const OutboundRequest& r) {
    seen = r;
    OutboundResponse ok;
    ok.status = 204;
    return ok;
  }));
  Dispatcher dispatcher(*db_, sandbox_, base_, transport_, log_, {2, std::chrono::milliseconds(1500)});
  dispatcher.Start();
  Add("dlv_1");
  dispatcher.Flush();
  EXPECT_EQ(seen.url, "http://receiver.test/hook");
  EXPECT_EQ(seen.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(seen.body, R"({"id":"whe_1","data":{"name":"Zoë"}})");
  std::map<std::string, std::string> headers(seen.headers.begin(), seen.headers.end());
  EXPECT_EQ(headers["Content-Type"], "application/json");
  EXPECT_EQ(headers["X-Revento-Event"], "event.updated");
  EXPECT_EQ(headers["X-Revento-Delivery-Id"], "dlv_1");
  EXPECT_EQ(headers["X-Revento-Timestamp"], std::to_string(UnixSeconds(base_.Now())));
  EXPECT_TRUE(client::webhooks::VerifySignature("whsec_mock", headers["X-Revento-Timestamp"],
                                                headers["X-Revento-Signature"], seen.body, UnixSeconds(base_.Now())));
  EXPECT_EQ(Find("dlv_1").status, "succeeded");
}

TEST_F(DispatcherTest, ATransportErrorSchedulesTheRetryOnTheSandboxClock) {
  OutboundResponse refused;
  refused.error = "could not connect";
  EXPECT_CALL(transport_, Post(_)).WillOnce(Return(refused));
  Dispatcher dispatcher(*db_, sandbox_, base_, transport_, log_, {1, std::chrono::milliseconds(1000)});
  dispatcher.Start();
  sandbox_.Advance(std::chrono::hours(48));
  Add("dlv_1");
  dispatcher.Flush();
  Delivery d = Find("dlv_1");
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempt_count, 1);
  EXPECT_EQ(d.next_attempt_at, UnixSeconds(sandbox_.Now()) + 5);
}

TEST_F(DispatcherTest, StartPutsInterruptedDeliveriesBackAndSendsThem) {
  Add("dlv_1");
  {
    auto lock = db_->Lock();
    DeliveryStore(*db_).ClaimDue(UnixSeconds(sandbox_.Now()), 10);
  }
  OutboundResponse ok;
  ok.status = 200;
  EXPECT_CALL(transport_, Post(_)).WillOnce(Return(ok));
  Dispatcher dispatcher(*db_, sandbox_, base_, transport_, log_, {1, std::chrono::milliseconds(1000)});
  dispatcher.Start();
  dispatcher.Flush();
  EXPECT_EQ(Find("dlv_1").status, "succeeded");
}

// Senders start as deliveries need them, never more than `workers`: five
// due deliveries whose receiver holds every attempt are sent three at a
// time, and the other two follow as senders come free.
TEST_F(DispatcherTest, SendersStartOnDemandUpToTheWorkerCount) {
  for (const char* id : {"dlv_1", "dlv_2", "dlv_3", "dlv_4", "dlv_5"}) Add(id);
  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0, most = 0;
  bool release = false;
  EXPECT_CALL(transport_, Post(_)).Times(5).WillRepeatedly(Invoke([&](const OutboundRequest&) {
    std::unique_lock lock(mutex);
    most = std::max(most, ++in_flight);
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
    --in_flight;
    OutboundResponse ok;
    ok.status = 200;
    return ok;
  }));
  Dispatcher dispatcher(*db_, sandbox_, base_, transport_, log_, {3, std::chrono::milliseconds(1000)});
  dispatcher.Start();
  bool three_at_once = false;
  {
    std::unique_lock lock(mutex);
    // A bound for a broken dispatcher only; a working one gets there at once.
    three_at_once = changed.wait_for(lock, std::chrono::seconds(60), [&] { return in_flight == 3; });
    release = true;
  }
  changed.notify_all();
  EXPECT_TRUE(three_at_once);
  dispatcher.Flush();
  EXPECT_EQ(most, 3);
  for (const char* id : {"dlv_1", "dlv_2", "dlv_3", "dlv_4", "dlv_5"}) EXPECT_EQ(Find(id).status, "succeeded") << id;
}

// Judge: the pure retry rules.
OutboundResponse Status(int status, std::string retry_after = "") {
  OutboundResponse r;
  r.status = status;
  r.retry_after = std::move(retry_after);
  return r;
}

TEST(JudgeTest, GoneFailsAtOnce) {
  auto v = Judge(1, Status(410), 0);
  EXPECT_EQ(v.status, "failed");
  EXPECT_FALSE(v.retry_delay);
}

TEST(JudgeTest, RedirectsAndErrorsAreFailures) {
  for (int status : {301, 302, 307, 308, 400, 401, 404, 500, 502}) {
    auto v = Judge(1, Status(status), 0);
    EXPECT_EQ(v.status, "pending") << status;
    EXPECT_EQ(v.retry_delay, 5) << status;
    EXPECT_TRUE(v.error) << status;
  }
  OutboundResponse refused;
  refused.error = "Connection";
  EXPECT_EQ(Judge(1, refused, 0).retry_delay, 5);
}

TEST(JudgeTest, FollowsTheScheduleThenFails) {
  const int64_t expected[] = {5, 300, 1800, 7200, 18000, 36000, 36000};
  for (int64_t attempt = 1; attempt <= 7; ++attempt) {
    EXPECT_EQ(Judge(attempt, Status(500), 0).retry_delay, expected[attempt - 1]) << attempt;
  }
  EXPECT_EQ(Judge(8, Status(500), 0).status, "failed");
}

TEST(JudgeTest, RetryAfterOnlyOn429And503AndOnlyWhenLonger) {
  EXPECT_EQ(Judge(1, Status(429, "60"), 0).retry_delay, 60);
  EXPECT_EQ(Judge(1, Status(503, "60"), 0).retry_delay, 60);
  EXPECT_EQ(Judge(1, Status(503, "2"), 0).retry_delay, 5);
  EXPECT_EQ(Judge(1, Status(500, "60"), 0).retry_delay, 5);
  EXPECT_EQ(Judge(1, Status(429, "soon"), 0).retry_delay, 5);
  // HTTP-date, relative to real time.
  EXPECT_EQ(Judge(1, Status(429, "Fri, 27 Nov 2026 10:10:00 GMT"), 1795773600).retry_delay, 600);
  // Absurd values are capped at 30 days; overflowing ones are ignored.
  EXPECT_EQ(Judge(1, Status(429, "999999999999"), 0).retry_delay, 30 * 86400);
  EXPECT_EQ(Judge(1, Status(429, "99999999999999999999999"), 0).retry_delay, 5);
  // The last attempt fails even with Retry-After.
  EXPECT_EQ(Judge(8, Status(429, "60"), 0).status, "failed");
}

TEST(JudgeTest, TwoHundredsSucceed) {
  EXPECT_EQ(Judge(1, Status(200), 0).status, "succeeded");
  EXPECT_EQ(Judge(3, Status(204), 0).status, "succeeded");
}

}  // namespace
}  // namespace revento::emulator::webhooks
