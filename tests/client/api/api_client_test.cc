// ApiClient with the transport and the clock mocked: headers, retries, errors, pagination.
#include "client/api/api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "client/oauth/form_encoding.h"
#include "tests/client/client_mocks.h"

namespace revento::client::api {
namespace {

using ::testing::_;
using testing::Answer;
using testing::AtUnix;
using testing::HeaderOf;
using ::testing::InSequence;
using testing::MockClock;
using testing::MockTransport;
using ::testing::NiceMock;
using ::testing::Return;
using testing::TokenJson;

constexpr int64_t kNow = 1795773600;

std::string ErrorBody(const std::string& code, const std::string& message, const std::string& request_id = "req_1") {
  return R"({"error":{"code":")" + code + R"(","message":")" + message + R"(","request_id":")" + request_id + R"("}})";
}

std::string ParticipantJson(int n) {
  return R"({"checked_in_at":null,"email":"p)" + std::to_string(n) +
         R"(@example.com","event_id":"evt_abc123","first_name":"P","id":"par_)" + std::to_string(n) +
         R"(","last_name":"Q","object":"participant","registered_at":"2026-10-01T09:00:00Z","status":"registered",)"
         R"("ticket_type":"general","updated_at":"2026-10-01T09:00:00Z"})";
}

bool IsTokenRequest(const http::Request& r) { return r.url.ends_with("/oauth/token"); }

class ApiClientTest : public ::testing::Test {
 protected:
  ApiClientTest()
      : transport_(std::make_shared<MockTransport>()),
        token_client_(TokenClientOptions{"http://127.0.0.1:8787", "rev_client_quickstart", "secret"}, transport_),
        manager_(token_client_, store_, key_, clock_) {
    ON_CALL(clock_, Now()).WillByDefault(Return(AtUnix(kNow)));
    StoredTokens t;
    t.key = key_;
    t.access_token = "rev_install_0";
    t.refresh_token = "rev_refresh_0";
    t.expires_at = kNow + 3600;
    EXPECT_TRUE(store_.Save(t));
  }

  ApiClient Client(ApiClientOptions options = {}) {
    options.api_base = "http://127.0.0.1:8787/api/v1/";
    return ApiClient(options, manager_, transport_, clock_);
  }

  InstallationKey key_{"http://127.0.0.1:8787", "rev_client_quickstart", "evt_abc123"};
  std::shared_ptr<MockTransport> transport_;
  NiceMock<MockClock> clock_;
  MemoryTokenStore store_;
  TokenClient token_client_;
  TokenManager manager_;
};

TEST_F(ApiClientTest, ANonRetryableErrorIsAValueWithStatusCodeMessageAndRequestId) {
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(403, ErrorBody("insufficient_scope", "This token lacks participants.read.", "req_42"),
                              {{"X-Revento-Request-Id", "req_42"}})));
  EXPECT_CALL(clock_, SleepFor(_)).Times(0);
  auto result = Client().GetParticipant("evt_abc123", "par_001");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status, 403);
  EXPECT_EQ(result.error().code, "insufficient_scope");
  EXPECT_EQ(result.error().detail, "This token lacks participants.read.");
  EXPECT_EQ(result.error().request_id, "req_42");
  EXPECT_NE(result.error().message.find("GET /events/evt_abc123/participants/par_001 answered 403"), std::string::npos)
      << result.error().message;
}

TEST_F(ApiClientTest, AnErrorBodyThatIsNotJsonStillBecomesAnError) {
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Answer(404, "<html>no</html>")));
  auto result = Client().GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status, 404);
  EXPECT_EQ(result.error().code, "http_404");
}

TEST_F(ApiClientTest, A200ThatIsNotTheDocumentedShapeIsBadResponse) {
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(200, "not json")))
      .WillOnce(Return(Answer(200, R"({"id":"evt_abc123"})")))
      .WillOnce(Return(Answer(200, R"({"data":{}})")));
  auto client = Client();
  EXPECT_EQ(client.GetEvent("evt_abc123").error().code, kBadResponse);
  auto partial = client.GetEvent("evt_abc123");
  EXPECT_EQ(partial.error().code, kBadResponse);
  EXPECT_NE(partial.error().message.find("\"name\""), std::string::npos) << partial.error().message;
  EXPECT_EQ(client.ListParticipants("evt_abc123").error().code, kBadResponse);
}

TEST_F(ApiClientTest, RetriesAreBoundedByAttempts) {
  EXPECT_CALL(*transport_, Send(_)).Times(3).WillRepeatedly(Return(Answer(503, ErrorBody("unavailable", "busy"))));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(500)));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(1000)));
  auto result = Client().GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status, 503);
  EXPECT_NE(result.error().message.find("gave up after 3 attempts"), std::string::npos);
}

TEST_F(ApiClientTest, RetryAfterIsHonouredAndTheBudgetIsNeverPassed) {
  EXPECT_CALL(*transport_, Send(_))
      .Times(2)
      .WillRepeatedly(Return(Answer(429, ErrorBody("rate_limited", "slow down"), {{"Retry-After", "20"}})));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(20000))).Times(1);
  auto result = Client().GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "rate_limited");
  EXPECT_NE(result.error().message.find("retry budget"), std::string::npos) << result.error().message;
}

TEST_F(ApiClientTest, AttemptsAndBudgetAreConfigurable) {
  EXPECT_CALL(*transport_, Send(_)).Times(5).WillRepeatedly(Return(Fail(kTransportFailed, "refused")));
  EXPECT_CALL(clock_, SleepFor(_)).Times(4);
  ApiClientOptions options;
  options.max_attempts = 5;
  options.initial_backoff = std::chrono::milliseconds(10);
  options.max_retry_wait = std::chrono::milliseconds(1000);
  auto result = Client(options).GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, kTransportFailed);
}

// Backoffs of 10, 20 and 40 ms: a 35 ms budget takes the first two (30 ms in
// all) and does not start the third, although attempts remain.
TEST_F(ApiClientTest, AWaitThatWouldPassTheBudgetIsNotStarted) {
  InSequence in_order;
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Fail(kTransportFailed, "refused")));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(10)));
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Fail(kTransportFailed, "refused")));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(20)));
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Fail(kTransportFailed, "refused")));
  ApiClientOptions options;
  options.max_attempts = 5;
  options.initial_backoff = std::chrono::milliseconds(10);
  options.max_retry_wait = std::chrono::milliseconds(35);
  auto result = Client(options).GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, kTransportFailed);
  EXPECT_NE(result.error().message.find("35 ms retry budget"), std::string::npos) << result.error().message;
}

TEST_F(ApiClientTest, ARetryAfterHttpDateWaitsUntilThatDate) {
  InSequence in_order;
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(503, ErrorBody("service_unavailable", "later"),
                              {{"Retry-After", "Fri, 27 Nov 2026 10:00:03 GMT"}})));  // kNow + 3 s
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(3000)));
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Answer(200, ParticipantJson(1))));
  auto result = Client().GetParticipant("evt_abc123", "par_1");
  ASSERT_TRUE(result) << result.error().message;
}

TEST_F(ApiClientTest, A429ThenSuccessReturnsTheRecord) {
  InSequence in_order;
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(429, ErrorBody("rate_limited", "slow down"), {{"Retry-After", "2"}})));
  EXPECT_CALL(clock_, SleepFor(std::chrono::milliseconds(2000)));
  EXPECT_CALL(*transport_, Send(_)).WillOnce(Return(Answer(200, ParticipantJson(1))));
  auto result = Client().GetParticipant("evt_abc123", "par_1");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->email, "p1@example.com");
  EXPECT_FALSE(result->checked_in_at);
}

TEST_F(ApiClientTest, TokenExpiredRefreshesOnceAndRetriesWithTheNewToken) {
  std::vector<std::string> bearers;
  EXPECT_CALL(*transport_, Send(_)).WillRepeatedly([&](const http::Request& r) {
    if (IsTokenRequest(r)) return Answer(200, TokenJson("rev_install_1", "rev_refresh_1"));
    bearers.push_back(HeaderOf(r, "Authorization"));
    return Answer(401, ErrorBody("token_expired", "expired"));
  });
  auto result = Client().GetEvent("evt_abc123");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "token_expired");
  EXPECT_EQ(bearers, (std::vector<std::string>{"Bearer rev_install_0", "Bearer rev_install_1"}));
}

TEST_F(ApiClientTest, ADeadFamilyIsReconsentNeededNotAnApiAnswer) {
  int api_calls = 0;
  EXPECT_CALL(*transport_, Send(_)).WillRepeatedly([&](const http::Request& r) {
    if (IsTokenRequest(r)) return Answer(400, R"({"error":"invalid_grant","error_description":"revoked"})");
    ++api_calls;
    return Answer(401, ErrorBody("token_expired", "expired"));
  });
  auto client = Client();
  EXPECT_EQ(client.GetEvent("evt_abc123").error().code, kReconsentNeeded);
  EXPECT_EQ(client.GetEvent("evt_abc123").error().code, kReconsentNeeded);
  EXPECT_EQ(api_calls, 1);  // the second call knows the family is dead before sending anything
}

TEST_F(ApiClientTest, EveryRequestAsksForV1WithAFreshRequestId) {
  std::set<std::string> ids;
  EXPECT_CALL(*transport_, Send(_)).Times(3).WillRepeatedly([&](const http::Request& r) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(HeaderOf(r, "Accept"), "application/vnd.revento.v1+json");
    EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer rev_install_0");
    std::string id = HeaderOf(r, "X-Revento-Request-Id");
    EXPECT_EQ(id.size(), 36u);
    ids.insert(id);
    return Answer(200, ParticipantJson(1));
  });
  auto client = Client();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.GetParticipant("evt_abc123", "par 1/2"));
  EXPECT_EQ(ids.size(), 3u);
}

TEST_F(ApiClientTest, PathSegmentsAreEncodedAndListsTakeTheirParameters) {
  std::vector<std::string> urls;
  EXPECT_CALL(*transport_, Send(_)).WillRepeatedly([&](const http::Request& r) {
    urls.push_back(r.url);
    return Answer(200, R"({"data":[],"next_cursor":null})");
  });
  auto client = Client();
  ASSERT_TRUE(client.ListApplications("evt_abc123", "approved", {10, "AQ"}));
  ASSERT_TRUE(client.ListCheckIns("evt/x"));
  EXPECT_EQ(urls[0], "http://127.0.0.1:8787/api/v1/events/evt_abc123/applications?status=approved&limit=10&cursor=AQ");
  EXPECT_EQ(urls[1], "http://127.0.0.1:8787/api/v1/events/evt%2Fx/check-ins");
}

TEST_F(ApiClientTest, ARangeSurfacesAFailedPageAndStops) {
  EXPECT_CALL(*transport_, Send(_))
      .WillOnce(Return(Answer(200, "{\"data\":[" + ParticipantJson(1) + "],\"next_cursor\":\"c1\"}")))
      .WillOnce(Return(Answer(400, ErrorBody("invalid_cursor", "bad cursor"))));
  std::vector<std::string> seen;
  std::string error;
  auto client = Client();  // a range refers to its client, which must outlive it
  for (auto& p : client.Participants("evt_abc123")) {
    if (!p) {
      error = p.error().code;
      continue;
    }
    seen.push_back(p->id);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"par_1"}));
  EXPECT_EQ(error, "invalid_cursor");
}

template <typename Client>
concept MakesRanges = requires(Client&& c) {
  std::forward<Client>(c).Participants(std::string());
  std::forward<Client>(c).Applications(std::string());
  std::forward<Client>(c).CheckIns(std::string());
};
static_assert(MakesRanges<ApiClient&>);
static_assert(!MakesRanges<ApiClient>, "a range of a temporary ApiClient would call a destroyed client");

TEST_F(ApiClientTest, ARangeWalksNextCursorToTheEnd) {
  std::vector<std::string> cursors;
  EXPECT_CALL(*transport_, Send(_)).Times(3).WillRepeatedly([&](const http::Request& r) {
    auto query = DecodeQueryOf(r.url);
    EXPECT_EQ(query["limit"], "2");
    cursors.push_back(query.count("cursor") ? query["cursor"] : "-");
    if (!query.count("cursor"))
      return Answer(200, "{\"data\":[" + ParticipantJson(1) + "," + ParticipantJson(2) + "],\"next_cursor\":\"c2\"}");
    if (query["cursor"] == "c2")
      return Answer(200, "{\"data\":[" + ParticipantJson(3) + "," + ParticipantJson(4) + "],\"next_cursor\":\"c4\"}");
    return Answer(200, "{\"data\":[" + ParticipantJson(5) + "],\"next_cursor\":null}");
  });
  ApiClientOptions options;
  options.page_size = 2;
  std::vector<std::string> seen;
  auto client = Client(options);
  for (auto& p : client.Participants("evt_abc123")) {
    ASSERT_TRUE(p) << p.error().message;
    seen.push_back(p->id);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"par_1", "par_2", "par_3", "par_4", "par_5"}));
  EXPECT_EQ(cursors, (std::vector<std::string>{"-", "c2", "c4"}));
}

}  // namespace
}  // namespace revento::client::api
