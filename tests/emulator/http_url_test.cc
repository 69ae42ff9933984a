// The one check of an absolute http(s) URL (emulator/http_url.h), and each
// place that applies it: refusals first.
#include "emulator/http_url.h"

#include <gtest/gtest.h>

#include <variant>

#include "emulator/fixtures/fixtures.h"
#include "emulator/options.h"
#include "emulator/webhooks/transport.h"

namespace revento::emulator {
namespace {

TEST(HttpUrlTest, RefusesAnotherSchemeOrNoScheme) {
  for (const char* url : {"ftp://h/p", "localhost:3000/x", "//h/p", "HTTP://h/p", "Https://h", "http:/h", "http:h", "",
                          "javascript:alert(1)"}) {
    EXPECT_FALSE(ParseHttpUrl(url)) << url;
  }
}

TEST(HttpUrlTest, RefusesAnEmptyAuthority) {
  for (const char* url : {"http://", "https://", "http:///p", "http://?x=1", "https://#f"}) {
    EXPECT_FALSE(ParseHttpUrl(url)) << url;
  }
}

TEST(HttpUrlTest, RefusesAFragmentSpaceOrControlCharacter) {
  for (const char* url : {"http://localhost/cb#x", "http://localhost/cb#", "http://local host/", "http://h/a b",
                          " http://h/", "http://h/\t", "http://h/\r\n", "http://h/\x7f"}) {
    EXPECT_FALSE(ParseHttpUrl(url)) << url;
  }
  EXPECT_FALSE(ParseHttpUrl(std::string_view("http://h/\0x", 10)));
}

TEST(HttpUrlTest, SplitsOriginAndTarget) {
  auto url = ParseHttpUrl("http://localhost:3000/webhooks/revento");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->origin, "http://localhost:3000");
  EXPECT_EQ(url->target, "/webhooks/revento");
  url = ParseHttpUrl("https://example.com");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->origin, "https://example.com");
  EXPECT_EQ(url->target, "/");
  url = ParseHttpUrl("http://h:1/p?x=1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->target, "/p?x=1");
  url = ParseHttpUrl("http://h:1?x=1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->origin, "http://h:1");
  EXPECT_EQ(url->target, "/?x=1");
  EXPECT_TRUE(IsAbsoluteHttpUrl("http://127.0.0.1:8787/"));
}

// Every place that takes a URL applies the same rule with the same words.
TEST(HttpUrlTest, OptionsRefuseWhatTheRuleRefuses) {
  for (const char* flag : {"--public-url", "--webhook-url"}) {
    for (const char* url : {"localhost:1", "http://h/#x", "http://"}) {
      const char* argv[] = {"revento-emulator", flag, url};
      auto parsed = ParseOptions(3, argv);
      ASSERT_TRUE(std::holds_alternative<Error>(parsed)) << flag << " " << url;
      const std::string& message = std::get<Error>(parsed).message;
      EXPECT_TRUE(message.starts_with(std::string(flag) + " \"" + url + "\" " + std::string(kHttpUrlRule))) << message;
    }
    const char* argv[] = {"revento-emulator", flag, "http://localhost:3000/x"};
    EXPECT_TRUE(std::holds_alternative<Options>(ParseOptions(3, argv))) << flag;
  }
}

TEST(HttpUrlTest, FixturesRefuseWhatTheRuleRefuses) {
  auto with = [](const std::string& redirect, const std::string& webhook) {
    return R"({"integrations":[{"id":"int_1","name":"I","client_id":"c","client_secret":"s","redirect_uris":[")" +
           redirect + R"("],"scopes":["event.read"],"webhook_events":["event.updated"],"webhook_url":")" + webhook +
           R"(","webhook_secret":"whsec_1"}]})";
  };
  auto bad_redirect = ParseFixtures(with("http://", "http://localhost/hook"), "x.json");
  ASSERT_FALSE(bad_redirect);
  EXPECT_EQ(bad_redirect.error().message,
            "x.json: integrations[0].redirect_uris[0]: \"http://\" " + std::string(kHttpUrlRule));
  auto bad_webhook = ParseFixtures(with("http://localhost/cb", "localhost:3000/hook"), "x.json");
  ASSERT_FALSE(bad_webhook);
  EXPECT_EQ(bad_webhook.error().message,
            "x.json: integrations[0].webhook_url: \"localhost:3000/hook\" " + std::string(kHttpUrlRule));
  EXPECT_TRUE(ParseFixtures(with("http://localhost/cb", "http://localhost/hook"), "x.json"));
}

TEST(HttpUrlTest, TransportRefusesWhatTheRuleRefusesWithoutConnecting) {
  webhooks::HttpTransport transport;
  webhooks::OutboundRequest request;
  request.url = "http://127.0.0.1:1/hook#fragment";
  request.body = "{}";
  auto response = transport.Post(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "the webhook URL \"http://127.0.0.1:1/hook#fragment\" " + std::string(kHttpUrlRule));
}

}  // namespace
}  // namespace revento::emulator
