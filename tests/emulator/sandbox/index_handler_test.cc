// GET / and GET /api/v1, the banner's AUTH_BASE and API_BASE opened by hand:
// they say where everything is (negative cases first: they serve nothing
// but GET, hold no credential, and paths are still exact).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

using nlohmann::json;

class IndexHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_ = std::make_unique<InProcessEmulator>();
    client_ = sandbox_->Client();
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(IndexHandlerTest, OnlyGetIsServedAndPathsStayExact) {
  auto post = client_->Post("/", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto slash = client_->Get("/api/v1/");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->status, 404);
  auto events = client_->Get("/api/v1/events");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 404);
}

TEST_F(IndexHandlerTest, NoCredentialOrSandboxStateIsInTheAnswer) {
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  for (const char* secret : {"rev_secret_sandbox_quickstart", "whsec_sandbox_quickstart", "rev_client_quickstart"}) {
    EXPECT_EQ(res->body.find(secret), std::string::npos) << secret;
  }
}

TEST_F(IndexHandlerTest, TheRootAndTheApiBaseSayWhereEverythingIs) {
  for (const char* path : {"/", "/api/v1"}) {
    SCOPED_TRACE(path);
    auto res = client_->Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    json body = json::parse(res->body);
    const std::string base = body["auth_base"];
    EXPECT_EQ(body["name"], "revento-emulator");
    EXPECT_EQ(body["api_base"], base + "/api/v1");
    EXPECT_EQ(body["console"], base + "/_sandbox/console");
    EXPECT_EQ(body["openapi"], base + "/_sandbox/openapi.json");
    EXPECT_EQ(body["oauth_metadata"], base + "/.well-known/oauth-authorization-server");
    EXPECT_EQ(body["read_api"], json({"GET /api/v1/events/{event_id}", "GET /api/v1/events/{event_id}/participants",
                                      "GET /api/v1/events/{event_id}/participants/{participant_id}",
                                      "GET /api/v1/events/{event_id}/applications",
                                      "GET /api/v1/events/{event_id}/applications/{application_id}",
                                      "GET /api/v1/events/{event_id}/check-ins"}));
  }
}

TEST_F(IndexHandlerTest, ABrowserAtTheRootIsSentToTheConsole) {
  auto res = client_->Get("/", httplib::Headers{{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/_sandbox/console");
  auto api = client_->Get("/api/v1", httplib::Headers{{"Accept", "text/html"}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
}

}  // namespace
}  // namespace revento::testing
