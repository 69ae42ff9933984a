// Bearer authentication of the Read API: every 401 and its WWW-Authenticate.
#include <gtest/gtest.h>

#include "tests/emulator/api/api_test_support.h"

namespace revento::testing {
namespace {

using std::chrono::milliseconds;

class BearerAuthTest : public ApiTest {
 protected:
  // Stops the calling test (ASSERT_NO_FATAL_FAILURE) when there is no response.
  static void Expect401(const httplib::Result& res, const std::string& code) {
    ASSERT_NO_FATAL_FAILURE(ExpectError(res, 401, code));
    std::string challenge = res->get_header_value("WWW-Authenticate");
    EXPECT_TRUE(challenge.starts_with("Bearer ")) << challenge;
    EXPECT_NE(challenge.find("error=\"" + code + "\""), std::string::npos) << challenge;
    EXPECT_NE(challenge.find("error_description=\""), std::string::npos) << challenge;
    EXPECT_TRUE(res->get_header_value("X-RateLimit-Limit").empty()) << "401s are not counted";
  }
  const std::string path_ = std::string("/api/v1/events/") + kEvent;
};

TEST_F(BearerAuthTest, MissingHeaderIsInvalidToken) { Expect401(Get(path_, ""), "invalid_token"); }

TEST_F(BearerAuthTest, UnknownTokenIsInvalidToken) {
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, "rev_install_neverissued"), "invalid_token"));
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, "something_else"), "invalid_token"));
}

TEST_F(BearerAuthTest, MalformedHeadersAreInvalidToken) {
  auto minted = MintToken(emulator());
  for (const std::string& value : std::vector<std::string>{
           "Basic " + minted.token, "Bearer", "Bearer ", "Bearer  " + minted.token, "Bearer\t" + minted.token,
           "Bearer " + minted.token + " extra", "Bearer \"" + minted.token + "\"", "Token " + minted.token,
           "Bearer " + std::string(600, 'a'), minted.token, std::string("Bearer rev_install_\xc3\xa9")}) {
    SCOPED_TRACE("Authorization: " + value);
    auto res = client_->Get(path_, httplib::Headers{{"Authorization", value}});
    if (!res) {
      ADD_FAILURE() << "no response";
      continue;
    }
    Expect401(res, "invalid_token");
    EXPECT_EQ(res->body.find(minted.token), std::string::npos) << "a credential is never echoed: " << value;
    EXPECT_EQ(res->get_header_value("WWW-Authenticate").find(minted.token), std::string::npos);
  }
}

TEST_F(BearerAuthTest, TokenInTheQueryStringIsRefusedNamingTheHeader) {
  auto minted = MintToken(emulator());
  auto res = client_->Get(path_ + "?access_token=" + minted.token);
  ASSERT_NO_FATAL_FAILURE(Expect401(res, "invalid_token"));
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("Authorization header"), std::string::npos);
}

TEST_F(BearerAuthTest, RefreshTokenIsInvalidTokenNamingTheFix) {
  auto res = Get(path_, "rev_refresh_abcdef");
  ASSERT_NO_FATAL_FAILURE(Expect401(res, "invalid_token"));
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("refresh"), std::string::npos);
}

TEST_F(BearerAuthTest, TwoAuthorizationHeadersAreInvalidToken) {
  auto minted = MintToken(emulator());
  auto res =
      client_->Get(path_, httplib::Headers{{"Authorization", "Bearer " + minted.token}, {"Authorization", "Bearer " + minted.token}});
  ASSERT_NO_FATAL_FAILURE(Expect401(res, "invalid_token"));
}

TEST_F(BearerAuthTest, SchemeIsCaseInsensitive) {
  auto minted = MintToken(emulator());
  auto res = client_->Get(path_, httplib::Headers{{"Authorization", "bearer " + minted.token}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(BearerAuthTest, ExpiredAfter3601SandboxSeconds) {
  auto minted = MintToken(emulator());
  ASSERT_EQ(Get(path_, minted.token)->status, 200);
  auto res = client_->Post("/_sandbox/clock", R"({"advance_seconds": 3601})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "token_expired"));
}

TEST_F(BearerAuthTest, ValidUntilTheLastSecondExpiredAtExpiresAt) {
  auto minted = MintToken(emulator());
  emulator().clock().Advance(milliseconds(3'599'000));
  EXPECT_EQ(Get(path_, minted.token)->status, 200);
  emulator().clock().Advance(milliseconds(1'000));
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "token_expired"));
}

TEST_F(BearerAuthTest, RevokedTokenIsTokenRevoked) {
  auto minted = MintToken(emulator());
  auto other = MintToken(emulator());
  RevokeToken(emulator(), minted);
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "token_revoked"));
  EXPECT_EQ(Get(path_, other.token)->status, 200);
}

TEST_F(BearerAuthTest, RevokedInstallationRevokesItsTokens) {
  auto minted = MintToken(emulator());
  RevokeInstallation(emulator(), minted);
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "token_revoked"));
}

TEST_F(BearerAuthTest, RevokedWinsOverExpired) {
  auto minted = MintToken(emulator());
  RevokeToken(emulator(), minted);
  emulator().clock().Advance(milliseconds(7'200'000));
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "token_revoked"));
}

TEST_F(BearerAuthTest, ResetForgetsEveryToken) {
  auto minted = MintToken(emulator());
  ASSERT_EQ(client_->Post("/_sandbox/reset", "{}", "application/json")->status, 200);
  ASSERT_NO_FATAL_FAILURE(Expect401(Get(path_, minted.token), "invalid_token"));
}

TEST_F(BearerAuthTest, RequestIdIsEchoedInTheErrorBody) {
  auto res = client_->Get(path_, httplib::Headers{{"X-Revento-Request-Id", "9b2f0c1e-5d0a-4a57-9f39-3f4b1d2c8e77"}});
  ASSERT_NO_FATAL_FAILURE(Expect401(res, "invalid_token"));
  EXPECT_EQ(Body(res)["error"]["request_id"], "9b2f0c1e-5d0a-4a57-9f39-3f4b1d2c8e77");
}

TEST_F(BearerAuthTest, RequestIdIsGeneratedWhenAbsentOrMalformed) {
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"X-Revento-Request-Id", "has spaces/and slashes"}}}) {
    SCOPED_TRACE(headers.empty() ? "no request id" : "request id \"" + headers.begin()->second + "\"");
    auto res = client_->Get(path_, headers);
    if (!res) {
      ADD_FAILURE() << "no response";
      continue;
    }
    ExpectError(res, 401, "invalid_token");
    EXPECT_TRUE(Body(res)["error"]["request_id"].get<std::string>().starts_with("req_"));
  }
}

}  // namespace
}  // namespace revento::testing
