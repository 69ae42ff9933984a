// redirect_uri is compared byte for byte, at authorize and again at token.
#include <gtest/gtest.h>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

// Every near-miss of http://localhost:3000/callback.
const std::vector<std::pair<std::string, std::string>> kVariants = {
    {"trailing slash", "http://localhost:3000/callback/"},
    {"case of the path", "http://localhost:3000/Callback"},
    {"case of the host", "http://LOCALHOST:3000/callback"},
    {"other port", "http://localhost:3001/callback"},
    {"missing port", "http://localhost/callback"},
    {"other scheme", "https://localhost:3000/callback"},
    {"added query", "http://localhost:3000/callback?x=1"},
    {"empty query", "http://localhost:3000/callback?"},
    {"percent-encoding", "http://localhost:3000/%63allback"},
    {"encoded slash", "http://localhost:3000%2Fcallback"},
    {"fragment", "http://localhost:3000/callback#top"},
    {"leading space", " http://localhost:3000/callback"},
    {"trailing space", "http://localhost:3000/callback "},
    {"trailing newline", "http://localhost:3000/callback\n"},
    {"127.0.0.1 for localhost", "http://127.0.0.1:3000/callback"},
    {"path prefix", "http://localhost:3000/call"},
    {"path suffix", "http://localhost:3000/callbacks"},
};

class RedirectUriTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{AutoConsent()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);
};

TEST_F(RedirectUriTest, EveryVariantAtAuthorizeIsA400PageAndNeverARedirect) {
  for (const auto& [name, uri] : kVariants) {
    SCOPED_TRACE(name);
    auto res = client_->Get(AuthorizePath({{"redirect_uri", uri}}).c_str());
    if (!res) {
      ADD_FAILURE() << "GET /oauth/authorize: no response";
      continue;
    }
    EXPECT_EQ(res->status, 400);
    EXPECT_FALSE(res->has_header("Location"));
    EXPECT_NE(res->get_header_value("Content-Type").find("text/html"), std::string::npos);
    // The page names the URI that arrived and the registered one.
    EXPECT_NE(res->body.find("&quot;" + uri + "&quot; is not registered"), std::string::npos) << res->body;
    EXPECT_NE(res->body.find("&quot;http://localhost:3000/callback&quot;"), std::string::npos) << res->body;
  }
}

TEST_F(RedirectUriTest, PageShowsTheArrivedUriExactly) {
  auto res = client_->Get(AuthorizePath({{"redirect_uri", "http://localhost:3000/callback/"}}).c_str());
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("&quot;http://localhost:3000/callback/&quot; is not registered"), std::string::npos)
      << res->body;
}

TEST_F(RedirectUriTest, MissingRedirectUriIsA400Page) {
  auto res = client_->Get(AuthorizePath({{"redirect_uri", std::nullopt}}).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_FALSE(res->has_header("Location"));
  EXPECT_NE(res->body.find("Missing redirect_uri"), std::string::npos);
}

TEST_F(RedirectUriTest, RepeatedRedirectUriIsA400Page) {
  auto res = client_->Get((AuthorizePath() + "&redirect_uri=" + Enc(kRedirectUri)).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_FALSE(res->has_header("Location"));
}

TEST_F(RedirectUriTest, UnknownOrMissingClientIsA400PageEvenWithOtherErrors) {
  for (const auto& client_id : std::vector<std::optional<std::string>>{"rev_client_nope", std::nullopt, ""}) {
    SCOPED_TRACE(client_id ? "client_id \"" + *client_id + "\"" : "no client_id");
    auto res = client_->Get(AuthorizePath({{"client_id", client_id}, {"response_type", "token"}}).c_str());
    if (!res) {
      ADD_FAILURE() << "GET /oauth/authorize: no response";
      continue;
    }
    EXPECT_EQ(res->status, 400);
    EXPECT_FALSE(res->has_header("Location"));
  }
}

TEST_F(RedirectUriTest, EveryVariantAtTokenIsInvalidGrant) {
  for (const auto& [name, uri] : kVariants) {
    SCOPED_TRACE(name);
    auto code = AuthorizeForCode(*client_);
    if (!code) {
      ADD_FAILURE() << code.error();
      continue;
    }
    auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(*code, {{"redirect_uri", uri}}));
    if (!res) {
      ADD_FAILURE() << "POST /oauth/token: no response";
      continue;
    }
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(Json(res)["error"], "invalid_grant") << res->body;
    // The code was not consumed: the exact URI still works.
    auto ok = PostForm(*client_, "/oauth/token", CodeExchangeBody(*code));
    if (!ok) {
      ADD_FAILURE() << "POST /oauth/token: no response";
      continue;
    }
    EXPECT_EQ(ok->status, 200) << ok->body;
  }
}

TEST_F(RedirectUriTest, MissingRedirectUriAtTokenIsInvalidRequest) {
  auto authorized = AuthorizeForCode(*client_);
  ASSERT_TRUE(authorized) << authorized.error();
  std::string code = *authorized;
  auto res = PostForm(*client_, "/oauth/token", CodeExchangeBody(code, {{"redirect_uri", std::nullopt}}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "invalid_request");
}

}  // namespace
}  // namespace revento::testing::oauth
