// Expectations report what was expected and what came back; captures and ${...} substitution.
#include "client/scenarios/expectations.h"

#include <gtest/gtest.h>

#include "client/scenarios/variables.h"

namespace revento::client::scenarios {
namespace {

Response ErrorResponse() {
  Response r;
  r.status = 401;
  r.headers = {{"WWW-Authenticate", "Bearer realm=\"revento\", error=\"invalid_token\""},
               {"X-Revento-Request-Id", "req_1"}};
  r.body = R"({"error":{"code":"invalid_token","message":"no token","request_id":"req_1"}})";
  r.json = nlohmann::json::parse(r.body);
  return r;
}

TEST(ExpectationsTest, AllHold) {
  auto expect = nlohmann::json::parse(R"({"status": 401, "error": "invalid_token",
      "headers_match": {"www-authenticate": "^Bearer "}, "json": {"/error/request_id": "req_1"},
      "json_exists": ["/error/message"], "json_absent": ["/data"], "body_contains": "no token"})");
  EXPECT_TRUE(CheckExpectations(expect, ErrorResponse()).empty());
}

TEST(ExpectationsTest, EachFailureSaysExpectedAndGot) {
  auto expect = nlohmann::json::parse(R"({"status": [200, 201], "error": "token_revoked",
      "json": {"/error/code": "token_revoked", "/missing": 1}, "headers": {"Cache-Control": "no-store"}})");
  auto failures = CheckExpectations(expect, ErrorResponse());
  ASSERT_EQ(failures.size(), 5u);
  EXPECT_EQ(failures[0], "error: expected \"token_revoked\", got \"invalid_token\"");
  EXPECT_EQ(failures[1], "header Cache-Control: expected \"no-store\", got none");
  EXPECT_EQ(failures[2], "json /error/code: expected \"token_revoked\", got \"invalid_token\"");
  EXPECT_EQ(failures[3], "json /missing: expected 1, got nothing there");
  EXPECT_EQ(failures[4], "status: expected [200,201], got 401");
}

TEST(ExpectationsTest, StatusClassNamesTheClassesAndTheStatus) {
  EXPECT_TRUE(CheckExpectations(nlohmann::json::parse(R"({"status_class": "4xx"})"), ErrorResponse()).empty());
  EXPECT_TRUE(CheckExpectations(nlohmann::json::parse(R"({"status_class": ["2xx", "4xx"]})"), ErrorResponse()).empty());
  auto failures = CheckExpectations(nlohmann::json::parse(R"({"status_class": ["2xx", "3xx"]})"), ErrorResponse());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], "status: expected [\"2xx\",\"3xx\"], got 401");
  Response none;  // no answer at all is no class
  EXPECT_EQ(CheckExpectations(nlohmann::json::parse(R"({"status_class": ["2xx", "3xx", "4xx"]})"), none).size(), 1u);
}

Response Journal() {
  Response r;
  r.status = 200;
  r.json = nlohmann::json::parse(R"({"data": [
      {"path": "/oauth/token", "status": 200, "form": {"grant_type": "refresh_token", "refresh_token": "b"}},
      {"path": "/oauth/token", "status": 200, "form": {"grant_type": "refresh_token", "refresh_token": "a"}},
      {"path": "/oauth/token", "status": 200, "form": {"grant_type": "authorization_code", "code": "c"}}]})");
  return r;
}

TEST(ExpectationsTest, ItemsCountCheckAndCompareTheItemsThatFit) {
  auto expect = nlohmann::json::parse(R"({"items": {"/data": {"where": {"/form/grant_type": "refresh_token"},
      "count": 2, "min_count": 1, "max_count": 2, "all": {"/status": 200},
      "all_matches": {"/form/refresh_token": "^[ab]$"}, "distinct": ["/form/refresh_token"]}}})");
  EXPECT_TRUE(CheckExpectations(expect, Journal()).empty());
}

TEST(ExpectationsTest, ItemsFailuresSayWhichItemsAndWhat) {
  Response r = Journal();
  r.json["data"][0]["form"]["refresh_token"] = "a";  // the rotated token not used
  r.json["data"][0]["status"] = 400;
  auto expect = nlohmann::json::parse(R"({"items": {"/data": {"where": {"/form/grant_type": "refresh_token"},
      "count": 3, "all": {"/status": 200}, "distinct": ["/form/refresh_token"]}, "/nothing": {"count": 0}}})");
  auto failures = CheckExpectations(expect, r);
  ASSERT_EQ(failures.size(), 4u);
  EXPECT_EQ(failures[0], "items /data where {\"/form/grant_type\":\"refresh_token\"}: expected 3, got 2");
  EXPECT_EQ(failures[1].rfind("items /data where {\"/form/grant_type\":\"refresh_token\"}: expected each to have "
                              "{\"/status\":200}, item 0 is ",
                              0),
            0u)
      << failures[1];
  EXPECT_EQ(failures[2],
            "items /data where {\"/form/grant_type\":\"refresh_token\"}: expected /form/refresh_token to differ "
            "between items, \"a\" appears twice");
  EXPECT_EQ(failures[3], "items /nothing: expected a list, got nothing there");
}

TEST(ExpectationsTest, RedirectQueryAndCounts) {
  Response r;
  r.status = 302;
  r.query = {{"error", "invalid_request"}, {"state", "s"}};
  r.status_counts = {{200, 1}, {400, 31}};
  EXPECT_TRUE(CheckExpectations(nlohmann::json::parse(R"({"error": "invalid_request", "query": {"state": "s"},
      "query_absent": ["code"], "counts": {"200": 1, "400": 31}})"),
                                r)
                  .empty());
  auto failures = CheckExpectations(nlohmann::json::parse(R"({"counts": {"200": 2}})"), r);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], "counts 200: expected 2 responses, got 1");
}

TEST(ExpectationsTest, Captures) {
  Response r = ErrorResponse();
  EXPECT_EQ(*CaptureValue("/error/code", r), "invalid_token");
  EXPECT_EQ(*CaptureValue("header:x-revento-request-id", r), "req_1");
  EXPECT_EQ(*CaptureValue("status", r), 401);
  EXPECT_FALSE(CaptureValue("/nope", r));
}

TEST(VariablesTest, SubstitutesTextAndWholeValues) {
  nlohmann::json vars{{"token", "abc"}, {"n", 3}};
  auto out =
      Substitute(nlohmann::json::parse(R"({"path": "/x?t=${token}", "count": "${n}", "lit": "$${token}"})"), vars);
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)["path"], "/x?t=abc");
  EXPECT_EQ((*out)["count"], 3);
  EXPECT_EQ((*out)["lit"], "${token}");
  auto missing = SubstituteText("${nope}", vars);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "unknown variable ${nope} (known: n, token)");
}

}  // namespace
}  // namespace revento::client::scenarios
