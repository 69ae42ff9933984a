// The OAuth flow against the real revento-emulator binary, driven by the
// reference client (`revento connect` and client/oauth/token_client.h).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "portable/expected.h"
#include <nlohmann/json.hpp>
#include <string_view>

#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"
#include "client/oauth/token_client.h"
#include "tests/support/emulator_process.h"
#include "portable/httplib_compat.h"

namespace revento::testing {
namespace {

// A token file in a fresh temporary directory, so no test touches ~/.config.
std::string TempTokenFile() {
  std::string dir = "/tmp/revento-connect-XXXXXX";
  return std::string(mkdtemp(dir.data())) + "/tokens.json";
}

nlohmann::json InstallationsOf(const EmulatorProcess& emu) {
  auto res = emu.Client()->Get("/_sandbox/installations");
  if (!res) return nlohmann::json();
  return nlohmann::json::parse(res->body)["data"];
}

// The user-agent half: GET /oauth/authorize, return the code of the 302 (or
// what went wrong).
portable::expected<std::string, std::string> AuthorizeForCode(const EmulatorProcess& emu, const client::PkcePair& pkce) {
  auto http = emu.Client();
  revento::portable::SetPathEncode(*http, false);
  std::string path = "/oauth/authorize?" + client::FormEncode({{"response_type", "code"},
                                                               {"client_id", "rev_client_quickstart"},
                                                               {"redirect_uri", "http://localhost:3000/callback"},
                                                               {"scope", "event.read participants.read"},
                                                               {"event_id", "evt_abc123"},
                                                               {"state", "demo-state-123"},
                                                               {"code_challenge", pkce.challenge},
                                                               {"code_challenge_method", "S256"}});
  auto res = http->Get(path.c_str());
  if (!res) return portable::unexpected("GET /oauth/authorize: no response");
  if (res->status != 302) return portable::unexpected("GET /oauth/authorize answered " + std::to_string(res->status));
  auto query = client::DecodeQueryOf(res->get_header_value("Location"));
  if (query["state"] != "demo-state-123") return portable::unexpected("state came back as \"" + query["state"] + "\"");
  if (query["code"].empty()) return portable::unexpected("no code in " + res->get_header_value("Location"));
  return query["code"];
}

// Runs at info (an access line per request) and debug (everything), the
// levels where a logged credential would show; at warn nothing is written.
class ConnectLoggingE2eTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConnectLoggingE2eTest, ReventoConnectCompletesTheFlowAndRotates) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", GetParam()});
  ASSERT_TRUE(emu);
  auto result = RunCommand(REVENTO_CLIENT_BINARY, {"connect", "--auth-base", emu->base_url(), "--refresh", "2",
                                                   "--json", "--token-file", TempTokenFile()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto tokens = nlohmann::json::parse(result.out);
  EXPECT_TRUE(tokens["access_token"].get<std::string>().starts_with("rev_install_"));
  EXPECT_TRUE(tokens["refresh_token"].get<std::string>().starts_with("rev_refresh_"));
  EXPECT_EQ(tokens["token_type"], "Bearer");
  EXPECT_EQ(tokens["expires_in"], 3600);
  EXPECT_EQ(tokens["scope"], "event.read participants.read");
  EXPECT_EQ(tokens["event_id"], "evt_abc123");
  EXPECT_EQ(tokens["organization_id"], "org_xyz789");
  auto installations = InstallationsOf(*emu);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], false);
  EXPECT_EQ(installations[0]["refresh_tokens"], 3);
  // The log recorded the flow (one code exchange, two refreshes) and no
  // credential in it is readable: every code or token-shaped word is
  // redacted. (The banner prints the default sandbox's fixed client secret
  // on purpose; README.md.)
  std::string log = emu->Stderr();
  EXPECT_NE(log.find("GET /oauth/authorize 302"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /oauth/token 200"), std::string::npos) << log;
  for (std::string_view prefix : {"rev_install_", "rev_refresh_", "rev_code_"}) {
    for (size_t at = log.find(prefix); at != std::string::npos; at = log.find(prefix, at + 1)) {
      EXPECT_EQ(log.substr(at + prefix.size(), 10), "[redacted]") << "in the log: " << log.substr(at, 40);
    }
  }
  for (const char* field : {"access_token", "refresh_token"}) {
    std::string value = tokens[field];
    EXPECT_EQ(log.find(value.substr(value.rfind('_') + 1)), std::string::npos) << field << " is in the log";
  }
}

INSTANTIATE_TEST_SUITE_P(InfoAndDebug, ConnectLoggingE2eTest, ::testing::Values("info", "debug"));

TEST(OAuthConnectE2eTest, ReventoConnectReportsAWrongSecret) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto result = RunCommand(REVENTO_CLIENT_BINARY, {"connect", "--auth-base", emu->base_url(), "--client-secret",
                                                   "wrong", "--token-file", TempTokenFile()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("401 invalid_client"), std::string::npos) << result.err;
}

TEST(OAuthTokenClientE2eTest, RefreshReuseRevokesTheFamilyOnTheRealBinary) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto pkce = client::NewPkcePair();
  client::TokenClient tokens(emu->base_url(), "rev_client_quickstart", "rev_secret_sandbox_quickstart");
  auto code = AuthorizeForCode(*emu, pkce);
  ASSERT_TRUE(code) << code.error();
  auto first = tokens.ExchangeCode(*code, "http://localhost:3000/callback", pkce.verifier);
  ASSERT_TRUE(first) << first.error().message;
  client::TokenSession session(tokens, *first);
  ASSERT_TRUE(session.Refresh());
  ASSERT_TRUE(session.Refresh());
  // Present the first, long-rotated refresh token again.
  auto reuse = tokens.Refresh(first->refresh_token);
  ASSERT_FALSE(reuse);
  EXPECT_NE(reuse.error().message.find("400 invalid_grant"), std::string::npos) << reuse.error().message;
  auto newest = session.Refresh();
  ASSERT_FALSE(newest);
  EXPECT_NE(newest.error().message.find("invalid_grant"), std::string::npos);
  auto installations = InstallationsOf(*emu);
  ASSERT_EQ(installations.size(), 1u);
  EXPECT_EQ(installations[0]["revoked"], true);
  EXPECT_EQ(installations[0]["revoked_reason"], "refresh token reuse");
}

TEST(OAuthTokenClientE2eTest, CodeReuseAndExpiryOnTheRealBinary) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto pkce = client::NewPkcePair();
  client::TokenClient tokens(emu->base_url(), "rev_client_quickstart", "rev_secret_sandbox_quickstart");
  auto authorized = AuthorizeForCode(*emu, pkce);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  ASSERT_TRUE(tokens.ExchangeCode(code, "http://localhost:3000/callback", pkce.verifier));
  auto again = tokens.ExchangeCode(code, "http://localhost:3000/callback", pkce.verifier);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("invalid_grant"), std::string::npos);
  EXPECT_EQ(InstallationsOf(*emu)[0]["revoked_reason"], "authorization code reuse");

  auto late = AuthorizeForCode(*emu, pkce);
  ASSERT_TRUE(late) << late.error();
  auto advanced = emu->Client()->Post("/_sandbox/clock", R"({"advance_seconds": 600})", "application/json");
  ASSERT_TRUE(advanced && advanced->status == 200);
  auto expired = tokens.ExchangeCode(*late, "http://localhost:3000/callback", pkce.verifier);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos) << expired.error().message;
}

TEST(OAuthE2eTest, UnregisteredRedirectUriNeverRedirectsOnTheRealBinary) {
  auto emu = EmulatorProcess::Start({"--auto-consent", "--log-level", "warn"});
  ASSERT_TRUE(emu);
  auto http = emu->Client();
  revento::portable::SetPathEncode(*http, false);
  auto pkce = client::NewPkcePair();
  for (const std::string uri : {"http://localhost:3000/callback/", "https://localhost:3000/callback",
                                "http://localhost:3000/Callback", "http://localhost:3000/callback?x=1"}) {
    std::string path = "/oauth/authorize?" + client::FormEncode({{"response_type", "code"},
                                                                 {"client_id", "rev_client_quickstart"},
                                                                 {"redirect_uri", uri},
                                                                 {"scope", "event.read"},
                                                                 {"event_id", "evt_abc123"},
                                                                 {"code_challenge", pkce.challenge},
                                                                 {"code_challenge_method", "S256"}});
    auto res = http->Get(path.c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << uri;
    EXPECT_FALSE(res->has_header("Location")) << uri;
    EXPECT_NE(res->body.find("http://localhost:3000/callback&quot;"), std::string::npos);
  }
}

}  // namespace
}  // namespace revento::testing
