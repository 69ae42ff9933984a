// The Read API with tokens issued by the real OAuth server: the quickstart's
// step 4, expiry after 3,601 sandbox seconds, refresh, and family revocation
// on refresh-token reuse.
#include <gtest/gtest.h>

#include "tests/emulator/api/api_test_support.h"
#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing {
namespace {

class OAuthTokensTest : public ::testing::Test {
 protected:
  OAuthTokensTest() : emu_(oauth::AutoConsent()), client_(oauth::RawClient(emu_)) {}

  httplib::Result Participants(const std::string& token) {
    return client_->Get("/api/v1/events/evt_abc123/participants?limit=10",
                        httplib::Headers{{"Authorization", "Bearer " + token},
                         {"Accept", "application/vnd.revento.v1+json"},
                         {"X-Revento-Request-Id", "5e0c2a4b-8f51-4f7e-9d1c-2b7a3c9e6f10"}});
  }

  InProcessEmulator emu_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(OAuthTokensTest, QuickstartStepFourReadsTenParticipants) {
  auto tokens = oauth::Dance(*client_);
  ASSERT_TRUE(tokens.contains("access_token")) << tokens;
  auto res = Participants(tokens["access_token"]);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["data"].size(), 10u);
  EXPECT_TRUE(body["next_cursor"].is_string());
  EXPECT_EQ(res->get_header_value("X-Revento-Request-Id"), "5e0c2a4b-8f51-4f7e-9d1c-2b7a3c9e6f10");
  // The quickstart asks for event.read participants.read only.
  auto apps = client_->Get("/api/v1/events/evt_abc123/applications",
                           httplib::Headers{{"Authorization", "Bearer " + tokens["access_token"].get<std::string>()}});
  ASSERT_NO_FATAL_FAILURE(ExpectApiError(apps, 403, "insufficient_scope"));
}

TEST_F(OAuthTokensTest, ExpiresAfter3601SecondsAndARefreshedTokenWorks) {
  auto tokens = oauth::Dance(*client_);
  ASSERT_EQ(Participants(tokens["access_token"])->status, 200);
  ASSERT_EQ(client_->Post("/_sandbox/clock", R"({"advance_seconds": 3601})", "application/json")->status, 200);
  auto expired = Participants(tokens["access_token"]);
  ASSERT_NO_FATAL_FAILURE(ExpectApiError(expired, 401, "token_expired"));
  EXPECT_NE(expired->get_header_value("WWW-Authenticate").find("error=\"token_expired\""), std::string::npos);

  auto refreshed = oauth::Json(oauth::PostForm(*client_, "/oauth/token", oauth::RefreshBody(tokens["refresh_token"])));
  ASSERT_TRUE(refreshed.contains("access_token")) << refreshed;
  EXPECT_EQ(Participants(refreshed["access_token"])->status, 200);
}

TEST_F(OAuthTokensTest, RefreshTokenReuseRevokesTheFamilyOnTheApi) {
  auto tokens = oauth::Dance(*client_);
  auto first = oauth::Json(oauth::PostForm(*client_, "/oauth/token", oauth::RefreshBody(tokens["refresh_token"])));
  ASSERT_TRUE(first.contains("access_token")) << first;
  ASSERT_EQ(Participants(first["access_token"])->status, 200);
  auto reuse = oauth::PostForm(*client_, "/oauth/token", oauth::RefreshBody(tokens["refresh_token"]));
  ASSERT_TRUE(reuse);
  EXPECT_EQ(reuse->status, 400) << reuse->body;
  ASSERT_NO_FATAL_FAILURE(ExpectApiError(Participants(first["access_token"]), 401, "token_revoked"));
}

}  // namespace
}  // namespace revento::testing
