// PKCE: S256 only, checked at authorize (challenge) and at token (verifier).
#include "emulator/oauth/pkce.h"

#include <gtest/gtest.h>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

using emulator::oauth::IsValidCodeChallenge;
using emulator::oauth::IsValidCodeVerifier;
using emulator::oauth::VerifyS256;

TEST(PkceTest, Rfc7636AppendixBVector) {
  EXPECT_TRUE(VerifyS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  EXPECT_FALSE(
      VerifyS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

TEST(PkceTest, ChallengeSyntax) {
  EXPECT_TRUE(IsValidCodeChallenge(std::string(43, 'A')));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(42, 'A')));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(44, 'A')));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(42, 'A') + "="));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(42, 'A') + "+"));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(42, 'A') + "."));
}

TEST(PkceTest, VerifierSyntax) {
  EXPECT_TRUE(IsValidCodeVerifier(std::string(43, 'a')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(128, '~')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(40, 'a') + "-._"));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(129, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a') + "+"));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a') + " "));
}

class PkceFlowTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);

  std::map<std::string, std::string> AuthorizeRedirect(const Params& overrides) {
    auto res = client_->Get(AuthorizePath(overrides).c_str());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 302);
    std::string location = res->get_header_value("Location");
    EXPECT_TRUE(location.starts_with(std::string(kRedirectUri) + "?")) << location;
    return QueryOf(location);
  }
};

TEST_F(PkceFlowTest, AuthorizeRefusesMissingPlainAbsentOrMalformedChallenges) {
  const std::vector<std::pair<std::string, Params>> cases = {
      {"no challenge", {{"code_challenge", std::nullopt}}},
      {"empty challenge", {{"code_challenge", ""}}},
      {"method plain", {{"code_challenge_method", "plain"}}},
      {"method absent", {{"code_challenge_method", std::nullopt}}},
      {"method lowercase", {{"code_challenge_method", "s256"}}},
      {"challenge 42 chars", {{"code_challenge", std::string(42, 'A')}}},
      {"challenge 44 chars", {{"code_challenge", std::string(44, 'A')}}},
      {"challenge padded", {{"code_challenge", Challenge() + "="}}},
      {"challenge standard base64", {{"code_challenge", std::string(42, 'A') + "+"}}},
      {"challenge is the verifier's hex", {{"code_challenge", std::string(64, 'a')}}},
  };
  for (const auto& [name, overrides] : cases) {
    SCOPED_TRACE(name);
    auto query = AuthorizeRedirect(overrides);
    EXPECT_EQ(query["error"], "invalid_request");
    EXPECT_FALSE(query["error_description"].empty());
    EXPECT_EQ(query["state"], "demo-state-123");
    EXPECT_EQ(query.count("code"), 0u);
  }
}

TEST_F(PkceFlowTest, TokenRefusesMissingShortLongBadOrWrongVerifiers) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {"missing", std::nullopt},
      {"empty", ""},
      {"42 characters", std::string(42, 'a')},
      {"129 characters", std::string(129, 'a')},
      {"bad character", std::string(kVerifier).substr(0, 42) + "+"},
      {"space", std::string(kVerifier).substr(0, 42) + " "},
      {"wrong verifier", std::string(kVerifier).substr(0, 42) + "Y"},
      {"the challenge itself", Challenge()},
  };
  for (const auto& [name, verifier] : cases) {
    SCOPED_TRACE(name);
    auto code = AuthorizeForCode(*client_);
    if (!code) {
      ADD_FAILURE() << code.error();
      continue;
    }
    auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(*code, {{"code_verifier", verifier}}));
    if (!res) {
      ADD_FAILURE() << "POST /oauth/token: no response";
      continue;
    }
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(Json(res)["error"], "invalid_grant") << res->body;
  }
}

TEST_F(PkceFlowTest, LongestValidVerifierWorks) {
  std::string verifier(128, '~');
  auto authorized = AuthorizeForCode(*client_, {{"code_challenge", Challenge(verifier)}});
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(code, {{"code_verifier", verifier}}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

}  // namespace
}  // namespace revento::testing::oauth
