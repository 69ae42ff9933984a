// The Read API's endpoints: representations, 404 inside the bound event, 405.
#include <gtest/gtest.h>

#include "emulator/store/sandbox_data.h"
#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

class ResourcesTest : public ApiTest {
 protected:
  std::string token_ = MintToken(emulator()).token;
  const std::string base_ = std::string("/api/v1/events/") + kEvent;
};

TEST_F(ResourcesTest, EventRepresentation) {
  auto res = Get(base_, token_, {{"Accept", "application/vnd.revento.v1+json"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  auto body = Body(res);
  EXPECT_EQ(body["id"], kEvent);
  EXPECT_EQ(body["object"], "event");
  EXPECT_EQ(body["organization_id"], "org_xyz789");
  EXPECT_EQ(body["status"], "draft");
  EXPECT_EQ(body["starts_at"], "2026-12-10T09:00:00Z");
  EXPECT_EQ(body["capacity"], 200);
}

TEST_F(ResourcesTest, ParticipantRepresentationAndList) {
  auto one = Get(base_ + "/participants/par_001", token_);
  ASSERT_EQ(one->status, 200) << one->body;
  auto p = Body(one);
  EXPECT_EQ(p["id"], "par_001");
  EXPECT_EQ(p["object"], "participant");
  EXPECT_EQ(p["event_id"], kEvent);
  EXPECT_EQ(p["first_name"], "Ada");
  EXPECT_EQ(p["email"], "ada.lovelace@example.com");
  EXPECT_TRUE(p["checked_in_at"].is_null());

  auto list = Get(base_ + "/participants?limit=10", token_);
  ASSERT_EQ(list->status, 200) << list->body;
  auto body = Body(list);
  ASSERT_EQ(body["data"].size(), 10u);
  EXPECT_EQ(body["data"][0], p);
  EXPECT_TRUE(body["next_cursor"].is_string());
}

TEST_F(ResourcesTest, DefaultLimitIs25) {
  auto body = Body(Get(base_ + "/participants", token_));
  EXPECT_EQ(body["data"].size(), 25u);
  EXPECT_TRUE(body["next_cursor"].is_string());
}

TEST_F(ResourcesTest, ApplicationRepresentationAndStatusFilter) {
  auto one = Get(base_ + "/applications/app_001", token_);
  ASSERT_EQ(one->status, 200) << one->body;
  auto a = Body(one);
  EXPECT_EQ(a["object"], "application");
  EXPECT_EQ(a["applicant"]["name"], "Joan Clarke");
  EXPECT_EQ(a["answers"]["dietary"], "none");
  EXPECT_EQ(a["status"], "pending");
  EXPECT_TRUE(a["decided_at"].is_null());

  auto all = Body(Get(base_ + "/applications", token_));
  EXPECT_EQ(all["data"].size(), 7u);
  EXPECT_TRUE(all["next_cursor"].is_null());
  auto pending = Body(Get(base_ + "/applications?status=pending", token_));
  EXPECT_EQ(pending["data"].size(), 6u);
  for (const auto& app : pending["data"]) EXPECT_EQ(app["status"], "pending");
  auto rejected = Body(Get(base_ + "/applications?status=rejected", token_));
  ASSERT_EQ(rejected["data"].size(), 1u);
  EXPECT_EQ(rejected["data"][0]["id"], "app_006");
  EXPECT_EQ(Body(Get(base_ + "/applications?status=approved", token_))["data"].size(), 0u);
}

TEST_F(ResourcesTest, BadStatusFilterIsInvalidParameter) {
  for (const char* q : {"?status=", "?status=PENDING", "?status=approved,rejected", "?status=all"}) {
    ExpectError(Get(base_ + "/applications" + q, token_), 400, "invalid_parameter");
  }
}

TEST_F(ResourcesTest, CheckInRepresentation) {
  {
    auto lock = emulator().db().Lock();
    emulator::SandboxData(emulator().db()).InsertCheckIn({0, "chk_001", kEvent, "par_001", 1797000000, "qr"});
  }
  auto res = Get(base_ + "/check-ins", token_);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = Body(res);
  ASSERT_EQ(body["data"].size(), 1u);
  EXPECT_EQ(body["data"][0]["id"], "chk_001");
  EXPECT_EQ(body["data"][0]["object"], "check_in");
  EXPECT_EQ(body["data"][0]["participant_id"], "par_001");
  EXPECT_EQ(body["data"][0]["method"], "qr");
  EXPECT_TRUE(body["next_cursor"].is_null());
}

TEST_F(ResourcesTest, EmptyListHasNullCursor) {
  auto body = Body(Get(base_ + "/check-ins", token_));
  EXPECT_EQ(body["data"], nlohmann::json::array());
  EXPECT_TRUE(body["next_cursor"].is_null());
}

TEST_F(ResourcesTest, UnknownIdsInsideTheBoundEventAre404) {
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(base_ + "/participants/par_999", token_), 404, "not_found"));
  ASSERT_NO_FATAL_FAILURE(ExpectError(Get(base_ + "/applications/app_999", token_), 404, "not_found"));
}

TEST_F(ResourcesTest, RecordsOfAnotherEventAre404NotLeaked) {
  auto res = Get(base_ + "/participants/par_d01", token_);
  ASSERT_NO_FATAL_FAILURE(ExpectError(res, 404, "not_found"));
  EXPECT_EQ(res->body.find("Acme Meetup"), std::string::npos);
}

TEST_F(ResourcesTest, OtherMethodsAre405WithAllowAndTheReventoBody) {
  for (const char* path : {"", "/participants", "/participants/par_001", "/applications", "/check-ins"}) {
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      httplib::Request req;
      req.method = method;
      req.path = base_ + path;
      req.headers = {{"Authorization", "Bearer " + token_}};
      req.body = "{}";
      req.headers.emplace("Content-Type", "application/json");
      auto res = client_->send(req);
      if (!res) {
        ADD_FAILURE() << "no response";
        continue;
      }
      ExpectError(res, 405, "method_not_allowed");
      EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD") << method << " " << path;
    }
  }
}

// HEAD answers what GET answers, headers included, with an empty body.
TEST_F(ResourcesTest, HeadIsServedLikeGet) {
  for (const std::string& path : {base_, base_ + "/participants?limit=3", base_ + "/participants/par_999"}) {
    SCOPED_TRACE(path);
    auto get = Get(path, token_);
    auto head = client_->Head(path, httplib::Headers{{"Authorization", "Bearer " + token_}});
    if (!get || !head) {
      ADD_FAILURE() << "no response";
      continue;
    }
    EXPECT_EQ(head->status, get->status);
    EXPECT_TRUE(head->body.empty()) << head->body;
    EXPECT_FALSE(get->body.empty());
    for (const char* name : {"Content-Type", "Content-Length", "Cache-Control", "X-RateLimit-Limit"}) {
      EXPECT_EQ(head->get_header_value(name), get->get_header_value(name)) << name;
    }
    // The quota is counted for HEAD as for GET.
    EXPECT_EQ(std::stoi(head->get_header_value("X-RateLimit-Remaining")),
              std::stoi(get->get_header_value("X-RateLimit-Remaining")) - 1);
    EXPECT_FALSE(head->get_header_value("X-Revento-Request-Id").empty());
  }
}

TEST_F(ResourcesTest, UnmatchedPathsUnderApiAnswerTheReventoBody) {
  for (const char* path : {"/api/v1/nothing", "/api/v1/events", "/api/v1/events/evt_abc123/refunds",
                           "/api/v1/events/evt_abc123/participants/par_001/x", "/api/v2/events/evt_abc123"}) {
    ExpectError(Get(path, token_), 404, "not_found");
  }
}

TEST_F(ResourcesTest, RateLimitHeadersOnEverySuccess) {
  auto res = Get(base_, token_);
  EXPECT_EQ(res->get_header_value("X-RateLimit-Limit"), "6000");
  EXPECT_EQ(res->get_header_value("X-RateLimit-Remaining"), "5999");
  EXPECT_FALSE(res->get_header_value("X-RateLimit-Reset").empty());
}

}  // namespace
}  // namespace revento::testing
