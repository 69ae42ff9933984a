// Authorization codes: 10 minutes on the sandbox clock, single use; a second
// use revokes the family created by the first.
#include <gtest/gtest.h>


#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

class CodeTest : public ::testing::Test {
 protected:
  // The installation.revoked deliveries enqueued so far.
  std::vector<std::pair<std::string, std::string>> Revoked() { return RevokedDeliveries(*client_); }

  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(CodeTest, ExchangeReturnsExactlyTheQuickstartFields) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(res->get_header_value("Content-Type").find("application/json"), std::string::npos);
  auto body = Json(res);
  std::vector<std::string> keys;
  for (auto it = body.begin(); it != body.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"access_token", "event_id", "expires_in", "organization_id",
                                            "refresh_token", "scope", "token_type"}));
  EXPECT_TRUE(body["access_token"].get<std::string>().starts_with("rev_install_"));
  EXPECT_TRUE(body["refresh_token"].get<std::string>().starts_with("rev_refresh_"));
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["expires_in"], 3600);
  EXPECT_EQ(body["scope"], "event.read participants.read");
  EXPECT_EQ(body["event_id"], "evt_abc123");
  EXPECT_EQ(body["organization_id"], "org_xyz789");
}

TEST_F(CodeTest, CredentialsAreStoredOnlyAsDigests) {
  auto tokens = Dance(*client_);
  auto lock = emu_.emulator().db().Lock();
  for (const char* sql : {"SELECT COUNT(*) FROM access_tokens WHERE token_hash LIKE 'rev_%'",
                          "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash LIKE 'rev_%'",
                          "SELECT COUNT(*) FROM authorization_codes WHERE code_hash LIKE 'rev_%'"}) {
    auto& s = emu_.emulator().db().Prepare(sql);
    ASSERT_TRUE(s.Step());
    EXPECT_EQ(s.Int(0), 0) << sql;
    s.Reset();
  }
  auto& s = emu_.emulator().db().Prepare("SELECT COUNT(*) FROM access_tokens WHERE token_hash = ?");
  s.Bind(1, emulator::Sha256Hex(tokens["access_token"].get<std::string>()));
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), 1);
  s.Reset();
}

TEST_F(CodeTest, ACodeExpiresAfterTenMinutesOnTheSandboxClock) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  emu_.base_clock().Advance(std::chrono::seconds(600));
  auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "invalid_grant");
  EXPECT_NE(Json(res)["error_description"].get<std::string>().find("expired"), std::string::npos);
}

TEST_F(CodeTest, ACodeWorksJustBeforeExpiry) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  emu_.base_clock().Advance(std::chrono::seconds(599));
  EXPECT_EQ(PostForm(*client_, "/oauth/token", CodeExchangeBody(code))->status, 200);
}

TEST_F(CodeTest, SandboxClockAdvanceAlsoExpiresCodes) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto advanced = client_->Post("/_sandbox/clock", "{\"advance_seconds\": 601}", "application/json");
  ASSERT_TRUE(advanced);
  ASSERT_EQ(advanced->status, 200);
  EXPECT_EQ(Json(PostForm(*client_, "/oauth/token", CodeExchangeBody(code)))["error"], "invalid_grant");
}

TEST_F(CodeTest, ASecondUseIsInvalidGrantAndRevokesTheFamily) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto first = PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  ASSERT_EQ(first->status, 200);
  auto tokens = Json(first);
  auto second = PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 400);
  EXPECT_EQ(Json(second)["error"], "invalid_grant");
  // The refresh token issued from the code is dead.
  auto refresh = PostForm(*client_, "/oauth/token", RefreshBody(tokens["refresh_token"]));
  EXPECT_EQ(Json(refresh)["error"], "invalid_grant");
  auto installations = Installations(*client_);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[0]["revoked_reason"], "authorization code reuse");
  auto revoked = Revoked();
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].first, installations[0]["id"]);
  EXPECT_EQ(revoked[0].second, "authorization code reuse");
  // A third use does not announce it again.
  PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  EXPECT_EQ(Revoked().size(), 1u);
}

TEST_F(CodeTest, TheAccessTokenIsRevokedWithTheFamily) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto tokens = Json(PostForm(*client_, "/oauth/token", CodeExchangeBody(code)));
  PostForm(*client_, "/oauth/token", CodeExchangeBody(code));
  auto lock = emu_.emulator().db().Lock();
  auto& s = emu_.emulator().db().Prepare("SELECT revoked_at IS NOT NULL FROM access_tokens WHERE token_hash = ?");
  s.Bind(1, emulator::Sha256Hex(tokens["access_token"].get<std::string>()));
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), 1);
  s.Reset();
}

TEST_F(CodeTest, UnknownCodeIsInvalidGrant) {
  auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody("rev_code_nope"));
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "invalid_grant");
}

TEST_F(CodeTest, EachExchangeCreatesAnInstallationBoundToTheEventAndOrganization) {
  Dance(*client_);
  auto authorized = AuthorizeForCode(*client_, {{"event_id", "evt_def456"}, {"scope", "event.read"}});
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto tokens = Json(PostForm(*client_, "/oauth/token", CodeExchangeBody(code)));
  EXPECT_EQ(tokens["event_id"], "evt_def456");
  EXPECT_EQ(tokens["scope"], "event.read");
  auto installations = Installations(*client_);
  ASSERT_EQ(installations.size(), 2u);
  EXPECT_EQ(installations[0]["event_id"], "evt_abc123");
  EXPECT_EQ(installations[1]["event_id"], "evt_def456");
  EXPECT_EQ(installations[1]["organization_id"], "org_xyz789");
  EXPECT_EQ(installations[1]["integration_id"], "int_quickstart");
  EXPECT_EQ(installations[1]["revoked"], false);
  EXPECT_TRUE(installations[1]["revoked_reason"].is_null());
}

}  // namespace
}  // namespace revento::testing::oauth
