// The bodies of answers given around the router, by area.
#include "emulator/http/error_translation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace revento::emulator::http {
namespace {

using nlohmann::json;

struct Call {
  explicit Call(std::string path) { req.path = std::move(path), req.method = "POST"; }
  httplib::Request req;
  httplib::Response res;
  RequestContext ctx{req, res, "req_1", {}, {}};
};

TEST(ErrorTranslationTest, RefusalsNameTheStatusOutsideOAuth) {
  const std::pair<int, const char*> cases[] = {{408, "request_timeout"},
                                               {413, "payload_too_large"},
                                               {414, "uri_too_long"},
                                               {431, "request_header_fields_too_large"},
                                               {400, "invalid_request"}};
  for (auto [status, code] : cases) {
    Call call("/api/v1/events");
    SendRefusal(call.ctx, Refusal{status, "why"});
    EXPECT_EQ(call.res.status, status);
    EXPECT_EQ(json::parse(call.res.body)["error"]["code"], code) << status;
  }
}

TEST(ErrorTranslationTest, RefusalsUnderOAuthAreInvalidRequest) {
  Call call("/oauth/token");
  SendRefusal(call.ctx, Refusal{413, "too big"});
  json body = json::parse(call.res.body);
  EXPECT_EQ(body["error"], "invalid_request");
  EXPECT_EQ(body["error_description"], "too big");
}

TEST(ErrorTranslationTest, AnInternalErrorNamesTheRequestIdAndDropsLocation) {
  Call oauth("/oauth/token");
  oauth.res.set_header("Location", "https://app.example/cb");
  SendInternalError(oauth.ctx);
  EXPECT_EQ(oauth.res.status, 500);
  EXPECT_FALSE(oauth.res.has_header("Location"));
  json body = json::parse(oauth.res.body);
  EXPECT_EQ(body["error"], "server_error");
  EXPECT_NE(body["error_description"].get<std::string>().find("req_1"), std::string::npos);
  Call api("/api/v1/events");
  SendInternalError(api.ctx);
  EXPECT_EQ(json::parse(api.res.body)["error"]["code"], "internal_error");
}

TEST(ErrorTranslationTest, ShuttingDownClosesTheConnection) {
  Call call("/_sandbox/health");
  SendShuttingDown(call.ctx);
  EXPECT_EQ(call.res.status, 503);
  EXPECT_EQ(call.res.get_header_value("Connection"), "close");
  EXPECT_EQ(json::parse(call.res.body)["error"]["code"], "shutting_down");
}

TEST(ErrorTranslationTest, AParserRefusalGetsABodyAndARequestId) {
  RandomIdSource ids;
  std::ostringstream text;
  Log log(text, LogLevel::kInfo);
  Call form("/oauth/token");
  form.req.set_header("Content-Type", "application/x-www-form-urlencoded");
  form.res.status = 413;
  TranslateParserRefusal(form.req, form.res, ids, log);
  std::string request_id = form.res.get_header_value("X-Revento-Request-Id");
  EXPECT_TRUE(request_id.starts_with("req_")) << request_id;
  json body = json::parse(form.res.body);
  EXPECT_EQ(body["error"], "invalid_request");
  EXPECT_NE(body["error_description"].get<std::string>().find("8 KiB"), std::string::npos);
  EXPECT_NE(text.str().find("413 refused by the HTTP parser " + request_id), std::string::npos);

  Call api("/api/v1/events");
  api.res.status = 413;
  TranslateParserRefusal(api.req, api.res, ids, log);
  EXPECT_EQ(json::parse(api.res.body)["error"]["code"], "payload_too_large");
}

TEST(ErrorTranslationTest, AResponseWithABodyIsLeftAlone) {
  RandomIdSource ids;
  std::ostringstream text;
  Log log(text, LogLevel::kInfo);
  Call call("/api/v1/events");
  call.res.status = 404;
  call.res.body = "{}";
  TranslateParserRefusal(call.req, call.res, ids, log);
  EXPECT_EQ(call.res.body, "{}");
  EXPECT_FALSE(call.res.has_header("X-Revento-Request-Id"));
}

TEST(ErrorTranslationTest, OverCapIsAWholeResponse) {
  std::string raw = OverCapResponse(512, "req_9");
  ASSERT_TRUE(raw.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  EXPECT_NE(raw.find("\r\nRetry-After: 1\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nConnection: close\r\n"), std::string::npos);
  std::string body = raw.substr(raw.find("\r\n\r\n") + 4);
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
  json parsed = json::parse(body);
  EXPECT_EQ(parsed["error"]["code"], "too_many_connections");
  EXPECT_EQ(parsed["error"]["request_id"], "req_9");
  EXPECT_NE(parsed["error"]["message"].get<std::string>().find("512"), std::string::npos);
}

}  // namespace
}  // namespace revento::emulator::http
