// POST /oauth/revoke (RFC 7009) and GET /.well-known/oauth-authorization-server
// (RFC 8414).
#include <gtest/gtest.h>


#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

class RevokeTest : public ::testing::Test {
 protected:
  httplib::Result Revoke(const std::string& token, const std::string& extra = "") {
    return PostForm(*client_, "/oauth/revoke",
                    "token=" + Enc(token) + "&client_id=" + kClientId + "&client_secret=" + kClientSecret + extra);
  }
  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(RevokeTest, RevokingARefreshTokenRevokesItsFamily) {
  auto tokens = Dance(*client_);
  auto newer = Json(PostForm(*client_, "/oauth/token", RefreshBody(tokens["refresh_token"])));
  auto res = Revoke(newer["refresh_token"], "&token_type_hint=refresh_token");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.empty());
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(Json(PostForm(*client_, "/oauth/token", RefreshBody(newer["refresh_token"])))["error"], "invalid_grant");
  auto installations = Installations(*client_);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[0]["revoked_reason"], "revoked via /oauth/revoke");
  auto revoked = RevokedDeliveries(*client_);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].first, installations[0]["id"]);
  EXPECT_EQ(revoked[0].second, "revoked via /oauth/revoke");
}

TEST_F(RevokeTest, RevokingAnAccessTokenRevokesOnlyThatToken) {
  auto tokens = Dance(*client_);
  EXPECT_EQ(Revoke(tokens["access_token"], "&token_type_hint=refresh_token")->status, 200);
  EXPECT_EQ(Installations(*client_)[0]["revoked"], false);
  EXPECT_EQ(PostForm(*client_, "/oauth/token", RefreshBody(tokens["refresh_token"]))->status, 200);
  auto lock = emu_.emulator().db().Lock();
  auto& s = emu_.emulator().db().Prepare("SELECT revoked_at IS NOT NULL FROM access_tokens WHERE token_hash = ?");
  s.Bind(1, emulator::Sha256Hex(tokens["access_token"].get<std::string>()));
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), 1);
  s.Reset();
}

TEST_F(RevokeTest, UnknownOrAlreadyRevokedTokensAre200) {
  EXPECT_EQ(Revoke("rev_refresh_unknown")->status, 200);
  auto tokens = Dance(*client_);
  EXPECT_EQ(Revoke(tokens["refresh_token"])->status, 200);
  EXPECT_EQ(Revoke(tokens["refresh_token"])->status, 200);
  EXPECT_EQ(RevokedDeliveries(*client_).size(), 1u);
}

TEST_F(RevokeTest, RevokeRequiresClientAuthentication) {
  auto tokens = Dance(*client_);
  auto res = PostForm(
      *client_, "/oauth/revoke",
      "token=" + tokens["refresh_token"].get<std::string>() + "&client_id=" + kClientId + "&client_secret=wrong");
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(Json(res)["error"], "invalid_client");
  EXPECT_EQ(Installations(*client_)[0]["revoked"], false);
}

TEST(MetadataTest, AdvertisesS256OnlyAndTheIssuer) {
  InProcessEmulator emu(AutoConsent());
  auto client = RawClient(emu);
  auto res = client->Get("/.well-known/oauth-authorization-server");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto m = Json(res);
  std::string issuer = "http://localhost:" + std::to_string(emu.port());
  EXPECT_EQ(m["issuer"], issuer);
  EXPECT_EQ(m["authorization_endpoint"], issuer + "/oauth/authorize");
  EXPECT_EQ(m["token_endpoint"], issuer + "/oauth/token");
  EXPECT_EQ(m["revocation_endpoint"], issuer + "/oauth/revoke");
  EXPECT_EQ(m["code_challenge_methods_supported"], nlohmann::json({"S256"}));
  EXPECT_EQ(m["response_types_supported"], nlohmann::json({"code"}));
  EXPECT_EQ(m["grant_types_supported"], nlohmann::json({"authorization_code", "refresh_token"}));
  EXPECT_EQ(m["scopes_supported"].size(), 4u);
}

TEST(MetadataTest, IssuerFollowsPublicUrl) {
  auto options = AutoConsent();
  options.public_url = "https://auth.revento.example";
  InProcessEmulator emu(options);
  auto m = Json(RawClient(emu)->Get("/.well-known/oauth-authorization-server"));
  EXPECT_EQ(m["issuer"], "https://auth.revento.example");
  EXPECT_EQ(m["token_endpoint"], "https://auth.revento.example/oauth/token");
}

TEST(InstallationsTest, ResetClearsInstallations) {
  InProcessEmulator emu(AutoConsent());
  auto client = RawClient(emu);
  Dance(*client);
  EXPECT_EQ(Installations(*client).size(), 1u);
  ASSERT_EQ(client->Post("/_sandbox/reset", "", "application/json")->status, 200);
  EXPECT_EQ(Installations(*client).size(), 0u);
}

}  // namespace
}  // namespace revento::testing::oauth
