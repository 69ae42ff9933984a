#include "emulator/http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace revento::emulator::http {
namespace {

struct Call {
  httplib::Request req;
  httplib::Response res;
};

std::string Dispatch(const Router& router, Call& call, const std::string& method, const std::string& path) {
  call.req.method = method;
  call.req.path = path;
  RequestContext ctx{call.req, call.res, "req_test", {}, {}};
  router.Dispatch(ctx);
  std::string params;
  for (auto& [k, v] : ctx.path_params) params += k + "=" + v + ";";
  return params;
}

Router SampleRouter(std::string* hit) {
  Router r;
  r.Get("/api/v1/events/{event_id}", [hit](RequestContext&) { *hit = "event"; });
  r.Get("/api/v1/events/{event_id}/participants/{participant_id}",
        [hit](RequestContext& ctx) { *hit = "participant:" + std::string(ctx.Param("participant_id")); });
  r.Post("/oauth/token", [hit](RequestContext&) { *hit = "token"; });
  return r;
}

TEST(RouterTest, UnknownPathIs404InTheAreasBody) {
  std::string hit;
  Router r = SampleRouter(&hit);
  Call api;
  Dispatch(r, api, "GET", "/api/v1/nothing");
  EXPECT_EQ(api.res.status, 404);
  auto body = nlohmann::json::parse(api.res.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["request_id"], "req_test");

  Call oauth;
  Dispatch(r, oauth, "GET", "/oauth/nothing");
  EXPECT_EQ(oauth.res.status, 404);
  EXPECT_EQ(nlohmann::json::parse(oauth.res.body)["error"], "not_found");
  EXPECT_EQ(oauth.res.get_header_value("Cache-Control"), "no-store");
  EXPECT_TRUE(hit.empty());
}

TEST(RouterTest, OtherMethodIs405WithAllow) {
  std::string hit;
  Router r = SampleRouter(&hit);
  Call call;
  Dispatch(r, call, "GET", "/oauth/token");
  EXPECT_EQ(call.res.status, 405);
  EXPECT_EQ(call.res.get_header_value("Allow"), "POST");
  // RFC 6749 has no method error code: under /oauth it is invalid_request.
  EXPECT_EQ(nlohmann::json::parse(call.res.body)["error"], "invalid_request");
  EXPECT_TRUE(hit.empty());
}

TEST(RouterTest, AllowListsExactlyTheMethodsThePathServes) {
  std::string hit;
  Router r = SampleRouter(&hit);
  for (const char* method : {"OPTIONS", "PUT", "DELETE", "TRACE"}) {
    Call oauth;
    Dispatch(r, oauth, method, "/oauth/token");
    EXPECT_EQ(oauth.res.status, 405) << method;
    EXPECT_EQ(oauth.res.get_header_value("Allow"), "POST") << method;
    Call api;
    Dispatch(r, api, method, "/api/v1/events/evt_1");
    EXPECT_EQ(api.res.status, 405) << method;
    EXPECT_EQ(api.res.get_header_value("Allow"), "GET, HEAD") << method;
    EXPECT_EQ(nlohmann::json::parse(api.res.body)["error"]["code"], "method_not_allowed");
  }
}

TEST(RouterTest, TrailingSlashAndEmptySegmentsDoNotMatch) {
  std::string hit;
  Router r = SampleRouter(&hit);
  for (const char* path :
       {"/api/v1/events/evt_1/", "/api/v1/events/", "/api/v1/events//participants/p", "/api/v1//events/evt_1",
        "//api/v1/events/evt_1", "/api/v1/events/evt_1//participants", "/api//v1/events/evt_1/participants/par_9"}) {
    Call call;
    Dispatch(r, call, "GET", path);
    EXPECT_EQ(call.res.status, 404) << path;
  }
  EXPECT_TRUE(hit.empty());
}

TEST(RouterTest, CapturesPathParameters) {
  std::string hit;
  Router r = SampleRouter(&hit);
  Call call;
  std::string params = Dispatch(r, call, "GET", "/api/v1/events/evt_1/participants/par_9");
  EXPECT_EQ(hit, "participant:par_9");
  EXPECT_EQ(params, "event_id=evt_1;participant_id=par_9;");
}

TEST(RouterTest, HeadIsServedByGet) {
  std::string hit;
  Router r = SampleRouter(&hit);
  Call call;
  Dispatch(r, call, "HEAD", "/api/v1/events/evt_1");
  EXPECT_EQ(hit, "event");
}

}  // namespace
}  // namespace revento::emulator::http
