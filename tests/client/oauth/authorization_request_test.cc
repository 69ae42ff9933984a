#include "client/oauth/authorization_request.h"

#include <gtest/gtest.h>

#include <set>

#include "client/oauth/form_encoding.h"
#include "client/oauth/pkce.h"

namespace revento::client {
namespace {

AuthorizationParams Params() {
  return {"http://localhost:8787/", "rev_client_quickstart", "http://localhost:3000/callback",
          "event.read participants.read", "evt_abc123"};
}

TEST(AuthorizationRequestTest, RefusesABadAuthBaseOrEmptyParameters) {
  auto params = Params();
  params.auth_base = "localhost:8787";
  EXPECT_EQ(AuthorizationRequest::Create(params).error().code, kInvalidArgument);
  params = Params();
  params.scope = "";
  auto created = AuthorizationRequest::Create(params);
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().message.find("scope"), std::string::npos);
}

TEST(AuthorizationRequestTest, ACallbackWithAnotherOrNoStateIsRefused) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  std::string other_state = request->state();
  other_state[0] = other_state[0] == 'A' ? 'B' : 'A';
  std::vector<std::string> urls{"http://localhost:3000/callback?code=rev_code_x",
                                "http://localhost:3000/callback?code=rev_code_x&state=" + other_state,
                                "http://localhost:3000/callback?code=rev_code_x&state=",
                                "http://localhost:3000/callback?error=access_denied&state=other"};
  for (const auto& url : urls) {
    auto code = request->ParseCallback(url);
    ASSERT_FALSE(code) << url;
    EXPECT_EQ(code.error().code, kStateMismatch) << url;
  }
}

TEST(AuthorizationRequestTest, AnOAuthErrorIsReturnedAsAValue) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  auto code = request->ParseCallback("http://localhost:3000/callback?error=access_denied&error_description=" +
                                     FormEncodeComponent("The user denied access.") + "&state=" + request->state());
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().code, "access_denied");
  EXPECT_EQ(code.error().detail, "The user denied access.");
  EXPECT_EQ(code.error().message.find('\n'), std::string::npos);
  EXPECT_NE(code.error().message.find("approve the consent"), std::string::npos);
}

TEST(AuthorizationRequestTest, EachOAuthErrorSaysWhatToDoNext) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  auto refusal = [&](const std::string& error) {
    return request->ParseCallback("http://localhost:3000/callback?error=" + error + "&state=" + request->state())
        .error()
        .message;
  };
  EXPECT_NE(refusal("invalid_scope").find("scopes the integration declares"), std::string::npos);
  EXPECT_NE(refusal("temporarily_unavailable").find("later"), std::string::npos);
  EXPECT_NE(refusal("invalid_request").find("fix the authorize parameters"), std::string::npos);
}

TEST(AuthorizationRequestTest, ACallbackWithoutCodeIsRefused) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  EXPECT_EQ(request->ParseCallback("http://localhost:3000/callback?state=" + request->state()).error().code,
            kBadResponse);
}

TEST(AuthorizationRequestTest, ReturnsTheCodeOfAMatchingCallback) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  auto code = request->ParseCallback("http://localhost:3000/callback?code=rev_code_abc&state=" + request->state());
  ASSERT_TRUE(code) << code.error().message;
  EXPECT_EQ(*code, "rev_code_abc");
}

TEST(AuthorizationRequestTest, BuildsTheQuickstartAuthorizeUrl) {
  auto request = AuthorizationRequest::Create(Params());
  ASSERT_TRUE(request);
  EXPECT_TRUE(request->url().starts_with("http://localhost:8787/oauth/authorize?response_type=code&"));
  auto query = DecodeQueryOf(request->url());
  EXPECT_EQ(query["client_id"], "rev_client_quickstart");
  EXPECT_EQ(query["redirect_uri"], "http://localhost:3000/callback");
  EXPECT_EQ(query["scope"], "event.read participants.read");
  EXPECT_EQ(query["event_id"], "evt_abc123");
  EXPECT_EQ(query["state"], request->state());
  EXPECT_EQ(query["code_challenge_method"], "S256");
  EXPECT_EQ(query["code_challenge"], S256Challenge(request->code_verifier()));
  EXPECT_EQ(request->code_verifier().size(), 43u);
}

TEST(AuthorizationRequestTest, StateIs256RandomBitsFreshEachTime) {
  std::set<std::string> states;
  for (int i = 0; i < 50; ++i) {
    auto request = AuthorizationRequest::Create(Params());
    ASSERT_TRUE(request);
    EXPECT_EQ(request->state().size(), 43u);  // base64url of 32 bytes
    states.insert(request->state());
  }
  EXPECT_EQ(states.size(), 50u);
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace revento::client
