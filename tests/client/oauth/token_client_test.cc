// TokenClient against a mocked transport: what it sends and how it reads answers.
#include "client/oauth/token_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/oauth/form_encoding.h"
#include "tests/client/client_mocks.h"

namespace revento::client {
namespace {

using ::testing::_;
using testing::Answer;
using testing::HeaderOf;
using testing::MockTransport;
using ::testing::Return;
using testing::TokenJson;

TokenClient MakeClient(std::shared_ptr<MockTransport> transport, ClientAuth auth = ClientAuth::kBody) {
  TokenClientOptions options{"http://127.0.0.1:8787/", "rev_client_quickstart", "rev_secret sandbox&x", auth};
  return TokenClient(options, transport);
}

TEST(TokenClientTest, ATransportFailureIsAnError) {
  auto transport = std::make_shared<MockTransport>();
  EXPECT_CALL(*transport, Send(_)).WillOnce(Return(Fail(kTransportFailed, "POST failed (Connection)")));
  auto result = MakeClient(transport).ExchangeCode("rev_code_x", "http://localhost:3000/callback", "v");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, kTransportFailed);
}

TEST(TokenClientTest, AnOAuthErrorCarriesStatusCodeAndDescription) {
  auto transport = std::make_shared<MockTransport>();
  EXPECT_CALL(*transport, Send(_))
      .WillOnce(Return(Answer(400, R"({"error":"invalid_grant","error_description":"The code was already used."})")));
  auto result = MakeClient(transport).ExchangeCode("rev_code_x", "http://localhost:3000/callback", "v");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status, 400);
  EXPECT_EQ(result.error().code, "invalid_grant");
  EXPECT_EQ(result.error().detail, "The code was already used.");
  EXPECT_NE(result.error().message.find("400 invalid_grant"), std::string::npos);
  EXPECT_NE(result.error().message.find("connect again"), std::string::npos);
}

TEST(TokenClientTest, ABodyThatIsNotJsonIsAnErrorNotACrash) {
  auto transport = std::make_shared<MockTransport>();
  EXPECT_CALL(*transport, Send(_))
      .WillOnce(Return(Answer(502, "<html>bad gateway</html>")))
      .WillOnce(Return(Answer(200, "not json")));
  auto client = MakeClient(transport);
  auto gateway = client.Refresh("rev_refresh_x");
  ASSERT_FALSE(gateway);
  EXPECT_EQ(gateway.error().status, 502);
  EXPECT_EQ(gateway.error().code, "unknown_error");
  EXPECT_EQ(client.Refresh("rev_refresh_x").error().code, kBadResponse);
}

TEST(TokenClientTest, A200WithoutQuickstartFieldsOrWithForeignTokensIsRefused) {
  auto transport = std::make_shared<MockTransport>();
  EXPECT_CALL(*transport, Send(_))
      .WillOnce(Return(Answer(200, R"({"access_token":"rev_install_a","token_type":"Bearer"})")))
      .WillOnce(Return(Answer(200, TokenJson("opaque_a", "rev_refresh_b"))));
  auto client = MakeClient(transport);
  EXPECT_EQ(client.Refresh("rev_refresh_x").error().code, kBadResponse);
  EXPECT_EQ(client.Refresh("rev_refresh_x").error().code, kBadResponse);
}

TEST(TokenClientTest, ExchangeSendsTheQuickstartFormWithClientSecretInTheBody) {
  auto transport = std::make_shared<MockTransport>();
  http::Request sent;
  EXPECT_CALL(*transport, Send(_)).WillOnce([&](const http::Request& r) {
    sent = r;
    return Answer(200, TokenJson("rev_install_a", "rev_refresh_b"));
  });
  auto result = MakeClient(transport).ExchangeCode("rev_code_x", "http://localhost:3000/callback", "verifier");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->access_token, "rev_install_a");
  EXPECT_EQ(result->expires_in, 3600);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "http://127.0.0.1:8787/oauth/token");
  EXPECT_EQ(HeaderOf(sent, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(HeaderOf(sent, "Authorization"), "");
  auto form = DecodeQueryOf("?" + sent.body);
  EXPECT_EQ(form["grant_type"], "authorization_code");
  EXPECT_EQ(form["code"], "rev_code_x");
  EXPECT_EQ(form["redirect_uri"], "http://localhost:3000/callback");
  EXPECT_EQ(form["code_verifier"], "verifier");
  EXPECT_EQ(form["client_id"], "rev_client_quickstart");
  EXPECT_EQ(form["client_secret"], "rev_secret sandbox&x");
}

TEST(TokenClientTest, BasicAuthPutsFormEncodedCredentialsInTheHeaderOnly) {
  auto transport = std::make_shared<MockTransport>();
  http::Request sent;
  EXPECT_CALL(*transport, Send(_)).WillOnce([&](const http::Request& r) {
    sent = r;
    return Answer(200, TokenJson("rev_install_a", "rev_refresh_b", "event.read"));
  });
  auto result = MakeClient(transport, ClientAuth::kBasic).Refresh("rev_refresh_x", "event.read");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->scope, "event.read");
  // base64("rev_client_quickstart:rev_secret+sandbox%26x")
  EXPECT_EQ(HeaderOf(sent, "Authorization"), "Basic cmV2X2NsaWVudF9xdWlja3N0YXJ0OnJldl9zZWNyZXQrc2FuZGJveCUyNng=");
  auto form = DecodeQueryOf("?" + sent.body);
  EXPECT_EQ(form["grant_type"], "refresh_token");
  EXPECT_EQ(form["refresh_token"], "rev_refresh_x");
  EXPECT_EQ(form["scope"], "event.read");
  EXPECT_EQ(form.count("client_secret"), 0u);
  EXPECT_EQ(form.count("client_id"), 0u);
}

TEST(TokenClientTest, RevokeIsRfc7009) {
  auto transport = std::make_shared<MockTransport>();
  http::Request sent;
  EXPECT_CALL(*transport, Send(_))
      .WillOnce([&](const http::Request& r) {
        sent = r;
        return Answer(200, "");
      })
      .WillOnce(Return(Answer(401, R"({"error":"invalid_client","error_description":"Wrong secret."})")));
  auto client = MakeClient(transport);
  ASSERT_TRUE(client.Revoke("rev_refresh_x", "refresh_token"));
  EXPECT_EQ(sent.url, "http://127.0.0.1:8787/oauth/revoke");
  auto form = DecodeQueryOf("?" + sent.body);
  EXPECT_EQ(form["token"], "rev_refresh_x");
  EXPECT_EQ(form["token_type_hint"], "refresh_token");
  auto refused = client.Revoke("rev_refresh_x");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "invalid_client");
}

TEST(TokenSessionTest, RotatesToTheNewestRefreshToken) {
  auto transport = std::make_shared<MockTransport>();
  std::vector<std::string> presented;
  int n = 0;
  EXPECT_CALL(*transport, Send(_)).Times(2).WillRepeatedly([&](const http::Request& r) {
    presented.push_back(DecodeQueryOf("?" + r.body)["refresh_token"]);
    ++n;
    return Answer(200, TokenJson("rev_install_" + std::to_string(n), "rev_refresh_" + std::to_string(n)));
  });
  auto client = MakeClient(transport);
  TokenResponse initial;
  initial.refresh_token = "rev_refresh_0";
  TokenSession session(client, initial);
  ASSERT_TRUE(session.Refresh());
  ASSERT_TRUE(session.Refresh());
  EXPECT_EQ(presented, (std::vector<std::string>{"rev_refresh_0", "rev_refresh_1"}));
  EXPECT_EQ(session.current().refresh_token, "rev_refresh_2");
}

}  // namespace
}  // namespace revento::client
