// Client authentication at /oauth/token: client_secret_post or HTTP Basic,
// never both; 401 invalid_client with WWW-Authenticate when Basic was used.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::string Basic(const std::string& id, const std::string& secret) { return "Basic " + Base64(id + ":" + secret); }

class ClientAuthTest : public ::testing::Test {
 protected:
  std::string CodeBodyWithout(const Params& removed) {
    auto code = AuthorizeForCode(*client_);
    if (!code) ADD_FAILURE() << code.error();
    return CodeExchangeBody(code.value_or(""), removed);
  }
  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(ClientAuthTest, ClientSecretPostWorks) {
  EXPECT_EQ(PostForm(*client_, "/oauth/token", CodeBodyWithout({}))->status, 200);
}

TEST_F(ClientAuthTest, HttpBasicWorks) {
  std::string body = CodeBodyWithout({{"client_id", std::nullopt}, {"client_secret", std::nullopt}});
  auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", Basic(kClientId, kClientSecret)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(ClientAuthTest, HttpBasicWithTheSameClientIdInTheBodyWorks) {
  std::string body = CodeBodyWithout({{"client_secret", std::nullopt}});
  auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", Basic(kClientId, kClientSecret)}});
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(ClientAuthTest, WrongSecretInTheBodyIs401WithoutWwwAuthenticate) {
  auto res = PostForm(*client_, "/oauth/token", CodeBodyWithout({{"client_secret", "rev_secret_wrong"}}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(Json(res)["error"], "invalid_client");
  EXPECT_FALSE(res->has_header("WWW-Authenticate"));
}

TEST_F(ClientAuthTest, WrongSecretWithBasicIs401WithWwwAuthenticate) {
  std::string body = CodeBodyWithout({{"client_id", std::nullopt}, {"client_secret", std::nullopt}});
  auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", Basic(kClientId, "rev_secret_wrong")}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(Json(res)["error"], "invalid_client");
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Basic realm=\"revento\"");
}

TEST_F(ClientAuthTest, SecretThatDiffersOnlyInLengthOrLastByteIsRefused) {
  std::string secret = kClientSecret;
  for (const std::string& wrong : {secret + "x", secret.substr(0, secret.size() - 1),
                                   secret.substr(0, secret.size() - 1) + "X", std::string("")}) {
    auto res = PostForm(*client_, "/oauth/token", CodeBodyWithout({{"client_secret", wrong}}));
    EXPECT_EQ(res->status, 401) << wrong;
  }
}

TEST_F(ClientAuthTest, BothMethodsAtOnceIsInvalidRequest) {
  std::string body = CodeBodyWithout({});
  auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", Basic(kClientId, kClientSecret)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "invalid_request");
}

TEST_F(ClientAuthTest, BasicAndADifferentBodyClientIdIsInvalidRequest) {
  std::string body = CodeBodyWithout({{"client_id", "rev_client_other"}, {"client_secret", std::nullopt}});
  auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", Basic(kClientId, kClientSecret)}});
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "invalid_request");
}

TEST_F(ClientAuthTest, UnknownClientIs401) {
  auto res = PostForm(*client_, "/oauth/token", CodeBodyWithout({{"client_id", "rev_client_nope"}}));
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(Json(res)["error"], "invalid_client");
}

TEST_F(ClientAuthTest, NoAuthenticationOrNoSecretIs401) {
  auto none = PostForm(*client_, "/oauth/token",
                       CodeBodyWithout({{"client_id", std::nullopt}, {"client_secret", std::nullopt}}));
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(Json(none)["error"], "invalid_client");
  auto no_secret = PostForm(*client_, "/oauth/token", CodeBodyWithout({{"client_secret", std::nullopt}}));
  EXPECT_EQ(no_secret->status, 401);
  EXPECT_EQ(Json(no_secret)["error"], "invalid_client");
}

TEST_F(ClientAuthTest, MalformedBasicOrOtherSchemeIs401WithWwwAuthenticate) {
  std::string body = CodeBodyWithout({{"client_id", std::nullopt}, {"client_secret", std::nullopt}});
  for (const std::string& header : {std::string("Basic !!!notbase64"), std::string("Basic ") + Base64("nocolon"),
                                    std::string("Bearer rev_install_x"), std::string("Basic")}) {
    SCOPED_TRACE(header);
    auto res = PostForm(*client_, "/oauth/token", body, {{"Authorization", header}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(Json(res)["error"], "invalid_client");
    EXPECT_TRUE(res->has_header("WWW-Authenticate"));
  }
}

TEST_F(ClientAuthTest, BasicCredentialsAreFormDecoded) {
  // RFC 6749 2.3.1: the id and secret are form-encoded before base64.
  std::string body = CodeBodyWithout({{"client_id", std::nullopt}, {"client_secret", std::nullopt}});
  auto res = PostForm(*client_, "/oauth/token", body,
                      {{"Authorization", Basic("rev%5Fclient%5Fquickstart", "rev_secret_sandbox_quickstart")}});
  EXPECT_EQ(res->status, 200) << res->body;
}

}  // namespace
}  // namespace revento::testing::oauth
