// POST /oauth/consent: Authorize and Deny, one-time and expiring consent ids.
#include <gtest/gtest.h>

#include <regex>

#include "tests/emulator/oauth/oauth_flow.h"

namespace revento::testing::oauth {
namespace {

class ConsentTest : public ::testing::Test {
 protected:
  InProcessEmulator emu_{WithConsentPage()};
  std::unique_ptr<httplib::Client> client_ = RawClient(emu_);

  std::string ConsentId() {
    auto res = client_->Get(AuthorizePath().c_str());
    EXPECT_TRUE(res && res->status == 200);
    if (!res) return "";
    std::smatch m;
    EXPECT_TRUE(std::regex_search(res->body, m, std::regex("name=\"consent_id\" value=\"(cns_[a-z0-9]+)\"")));
    return m.size() > 1 ? m[1].str() : "";
  }
  httplib::Result Submit(const std::string& consent_id, const std::string& decision) {
    return PostForm(*client_, "/oauth/consent", "consent_id=" + consent_id + "&decision=" + decision);
  }
};

TEST_F(ConsentTest, AuthorizeRedirectsWithACodeThatExchanges) {
  auto res = Submit(ConsentId(), "authorize");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  std::string location = res->get_header_value("Location");
  EXPECT_TRUE(location.starts_with(std::string(kRedirectUri) + "?code=rev_code_")) << location;
  auto query = QueryOf(location);
  EXPECT_EQ(query["state"], "demo-state-123");
  auto token = PostForm(*client_, "/oauth/token", CodeExchangeBody(query["code"]));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->status, 200) << token->body;
  EXPECT_EQ(Json(token)["scope"], "event.read participants.read");
}

TEST_F(ConsentTest, DenyRedirectsWithAccessDeniedAndState) {
  auto res = Submit(ConsentId(), "deny");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  auto query = QueryOf(res->get_header_value("Location"));
  EXPECT_EQ(query["error"], "access_denied");
  EXPECT_FALSE(query["error_description"].empty());
  EXPECT_EQ(query["state"], "demo-state-123");
  EXPECT_EQ(query.count("code"), 0u);
}

TEST_F(ConsentTest, ASecondSubmitIsRefused) {
  std::string id = ConsentId();
  ASSERT_EQ(Submit(id, "authorize")->status, 302);
  for (const char* decision : {"authorize", "deny"}) {
    auto again = Submit(id, decision);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 400);
    EXPECT_FALSE(again->has_header("Location"));
    EXPECT_NE(again->body.find("already submitted"), std::string::npos);
  }
}

TEST_F(ConsentTest, AConsentIdExpiresAfterTenMinutes) {
  std::string id = ConsentId();
  emu_.base_clock().Advance(std::chrono::seconds(600));
  auto res = Submit(id, "authorize");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("expired"), std::string::npos);
}

TEST_F(ConsentTest, AConsentIdIsValidJustBeforeExpiry) {
  std::string id = ConsentId();
  emu_.base_clock().Advance(std::chrono::seconds(599));
  EXPECT_EQ(Submit(id, "authorize")->status, 302);
}

TEST_F(ConsentTest, MalformedSubmissionsAreRefusedWithoutRedirect) {
  std::string id = ConsentId();
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"unknown id", "consent_id=cns_nope&decision=authorize"},
      {"no id", "decision=authorize"},
      {"no decision", "consent_id=" + id},
      {"bad decision", "consent_id=" + id + "&decision=maybe"},
      {"repeated decision", "consent_id=" + id + "&decision=deny&decision=authorize"},
  };
  for (const auto& [name, body] : bodies) {
    SCOPED_TRACE(name);
    auto res = PostForm(*client_, "/oauth/consent", body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_FALSE(res->has_header("Location"));
  }
  auto json = client_->Post("/oauth/consent", "{\"consent_id\":\"" + id + "\"}", "application/json");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 400);
  // None of these consumed the consent.
  EXPECT_EQ(Submit(id, "authorize")->status, 302);
}

// A page on another origin must not submit the consent form for the user.
TEST_F(ConsentTest, ASubmitFromAnotherOriginIsRefusedAndTheConsentStaysUsable) {
  std::string id = ConsentId();
  for (const char* origin : {"http://evil.example", "null", "http://localhost:1"}) {
    SCOPED_TRACE(origin);
    auto res = client_->Post("/oauth/consent", httplib::Headers{{"Origin", origin}}, "consent_id=" + id + "&decision=authorize",
                             "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_NE(res->body.find("Consent from another site refused"), std::string::npos) << res->body;
    EXPECT_NE(res->body.find(std::string("submitted from ") + origin), std::string::npos) << res->body;
    EXPECT_FALSE(res->has_header("Location"));
  }
  auto own = client_->Post("/oauth/consent", httplib::Headers{{"Origin", "http://localhost:" + std::to_string(emu_.port())}},
                           "consent_id=" + id + "&decision=authorize", "application/x-www-form-urlencoded");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 302) << own->body;
}

TEST_F(ConsentTest, EveryHtmlPageForbidsScriptsFramingAndSniffing) {
  auto consent_page = client_->Get(AuthorizePath().c_str());
  auto error_page = Submit("cns_unknown", "authorize");
  auto not_found_page = client_->Get("/oauth/authorize/nothing");
  for (auto* res : {&consent_page, &error_page, &not_found_page}) {
    ASSERT_TRUE(*res);
    EXPECT_TRUE((*res)->get_header_value("Content-Type").starts_with("text/html")) << (*res)->status;
    std::string csp = (*res)->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("script-src"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ((*res)->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ((*res)->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ((*res)->get_header_value_count("Content-Security-Policy"), 1u);
    EXPECT_EQ((*res)->get_header_value_count("X-Frame-Options"), 1u);
  }
}

}  // namespace
}  // namespace revento::testing::oauth
