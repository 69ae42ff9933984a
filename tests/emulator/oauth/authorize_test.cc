// GET /oauth/authorize: the checks in CONTRACT.md's order, the redirects
// with error/state, auto-consent and the consent page.
#include <gtest/gtest.h>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

class AuthorizeTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);

  std::map<std::string, std::string> Redirected(const std::string& path) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 302) << res->body;
    std::string location = res->get_header_value("Location");
    EXPECT_TRUE(location.starts_with(std::string(kRedirectUri) + "?")) << location;
    return QueryOf(location);
  }
};

TEST_F(AuthorizeTest, RedirectErrorsCarryErrorDescriptionAndState) {
  const std::vector<std::tuple<std::string, Params, std::string>> cases = {
      {"response_type token", {{"response_type", "token"}}, "unsupported_response_type"},
      {"response_type missing", {{"response_type", std::nullopt}}, "invalid_request"},
      {"unknown scope", {{"scope", "event.read participants.write"}}, "invalid_scope"},
      {"scope missing", {{"scope", std::nullopt}}, "invalid_scope"},
      {"scope double space", {{"scope", "event.read  participants.read"}}, "invalid_scope"},
      {"event_id missing", {{"event_id", std::nullopt}}, "invalid_request"},
      {"event_id unknown", {{"event_id", "evt_nope"}}, "invalid_request"},
      {"repeated scope", {{"extra", std::nullopt}}, "invalid_request"},
  };
  for (const auto& [name, overrides, error] : cases) {
    SCOPED_TRACE(name);
    std::string path = AuthorizePath(overrides);
    if (name == "repeated scope") path += "&scope=event.read";
    auto query = Redirected(path);
    EXPECT_EQ(query["error"], error);
    EXPECT_FALSE(query["error_description"].empty());
    EXPECT_EQ(query["state"], "demo-state-123");
    EXPECT_EQ(query.count("code"), 0u);
  }
}

TEST_F(AuthorizeTest, ChecksRunInContractOrder) {
  // Bad response_type and bad PKCE and bad scope: response_type wins.
  auto first = Redirected(AuthorizePath(
      {{"response_type", "token"}, {"code_challenge", std::nullopt}, {"scope", "nope"}, {"event_id", "x"}}));
  EXPECT_EQ(first["error"], "unsupported_response_type");
  // Bad PKCE and bad scope: PKCE (invalid_request) before scope.
  auto second = Redirected(AuthorizePath({{"code_challenge_method", "plain"}, {"scope", "nope"}}));
  EXPECT_EQ(second["error"], "invalid_request");
  // Bad scope and unknown event: scope first.
  auto third = Redirected(AuthorizePath({{"scope", "nope"}, {"event_id", "evt_nope"}}));
  EXPECT_EQ(third["error"], "invalid_scope");
}

TEST_F(AuthorizeTest, UndeclaredScopeIsInvalidScope) {
  {
    auto lock = emu_.emulator().db().Lock();
    (void)emu_.emulator().db().Exec(
        "UPDATE integrations SET scopes = '[\"event.read\"]' WHERE client_id = 'rev_client_quickstart'");
  }
  auto query = Redirected(AuthorizePath({{"scope", "event.read participants.read"}}));
  EXPECT_EQ(query["error"], "invalid_scope");
  EXPECT_NE(query["error_description"].find("participants.read"), std::string::npos);
  auto ok = Redirected(AuthorizePath({{"scope", "event.read"}}));
  EXPECT_TRUE(ok.count("code"));
}

TEST_F(AuthorizeTest, NoStateMeansNoStateInTheRedirect) {
  auto query = Redirected(AuthorizePath({{"state", std::nullopt}, {"response_type", "token"}}));
  EXPECT_EQ(query["error"], "unsupported_response_type");
  EXPECT_EQ(query.count("state"), 0u);
}

TEST_F(AuthorizeTest, AutoConsentRedirectsWithCodeAndStateAtOnce) {
  // httplib's client percent-decodes Location itself, so the state avoids
  // '&' and '='; the e2e and browser tests cover those with real clients.
  auto query = Redirected(AuthorizePath({{"state", "a state/é"}}));
  EXPECT_TRUE(query["code"].starts_with("rev_code_"));
  EXPECT_EQ(query["state"], "a state/é");
}

// At warn the access log writes nothing, so the check runs where it does
// write: info (one line per request) and debug (everything).
class CredentialLoggingTest : public ::testing::TestWithParam<emulator::LogLevel> {
 protected:
  static emulator::Options Logging(emulator::LogLevel level) {
    emulator::Options options = AutoConsent();
    options.log_level = level;
    return options;
  }
  InProcessEmulator emu_{Logging(GetParam())};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_P(CredentialLoggingTest, CodesAndTokensAreNeverLoggedInClear) {
  auto code = AuthorizeForCode(*client_);
  ASSERT_TRUE(code) << code.error();
  auto tokens = Json(PostForm(*client_, "/oauth/token", CodeExchangeBody(*code)));
  ASSERT_TRUE(tokens.contains("refresh_token")) << tokens;
  auto refreshed = Json(PostForm(*client_, "/oauth/token", RefreshBody(tokens["refresh_token"])));
  ASSERT_TRUE(refreshed.contains("access_token")) << refreshed;
  std::string log = emu_.Log();
  // The log did record the requests, so the checks below had something to read.
  EXPECT_NE(log.find("GET /oauth/authorize 302"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /oauth/token 200"), std::string::npos) << log;
  for (const std::string& secret :
       {*code, tokens["access_token"].get<std::string>(), tokens["refresh_token"].get<std::string>(),
        refreshed["access_token"].get<std::string>(), refreshed["refresh_token"].get<std::string>()}) {
    std::string_view value = std::string_view(secret).substr(secret.rfind('_') + 1);
    EXPECT_EQ(log.find(value), std::string::npos) << "the log carries " << secret << ":\n" << log;
  }
}

INSTANTIATE_TEST_SUITE_P(InfoAndDebug, CredentialLoggingTest,
                         ::testing::Values(emulator::LogLevel::kInfo, emulator::LogLevel::kDebug),
                         [](const auto& info) { return info.param == emulator::LogLevel::kInfo ? "info" : "debug"; });

class ConsentPageTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{WithConsentPage()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(ConsentPageTest, ShowsIntegrationOrganizationEventAndScopesInWords) {
  auto res = client_->Get(AuthorizePath({{"scope", "event.read participants.read attendance.read"}}).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(res->has_header("Location"));
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  const std::string& html = res->body;
  EXPECT_NE(html.find("Quickstart App"), std::string::npos);
  EXPECT_NE(html.find("Acme Conferences"), std::string::npos);
  EXPECT_NE(html.find("Revento Summit 2026"), std::string::npos);
  EXPECT_NE(html.find("See the event&#39;s details"), std::string::npos);
  EXPECT_NE(html.find("See the event&#39;s participants"), std::string::npos);
  EXPECT_NE(html.find("See who checked in"), std::string::npos);
  EXPECT_EQ(html.find("applications, including"), std::string::npos);
  EXPECT_NE(html.find("<form method=\"post\" action=\"/oauth/consent\">"), std::string::npos);
  EXPECT_NE(html.find("value=\"authorize\""), std::string::npos);
  EXPECT_NE(html.find("value=\"deny\""), std::string::npos);
  EXPECT_NE(html.find("name=\"consent_id\" value=\"cns_"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST_F(ConsentPageTest, ErrorsStillRedirectBeforeThePage) {
  auto res = client_->Get(AuthorizePath({{"code_challenge_method", "plain"}}).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
}

}  // namespace
}  // namespace revento::testing::oauth
