// The one browser walker over a fake Transport: redirects followed across
// origins, cookies kept per origin across walks (and read, not stored, by
// Fetch), the consent form submitted once with the decision asked for, the
// three stops, too many redirects and a transport failure.
#include "client/browser/browser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "tests/client/client_mocks.h"

namespace revento::client::browser {
namespace {

using ::testing::Invoke;
using ::testing::NiceMock;
using testing::Answer;
using testing::HeaderOf;

constexpr const char* kApp = "http://app.test";
constexpr const char* kEmulator = "http://emulator.test";
constexpr const char* kConsentPage =
    R"(<form method="post" action="/oauth/consent"><input type="hidden" name="consent_id" value="cns_1"></form>)";

// A site of pages by URL (GET or POST alike); every request is recorded.
class FakeWeb {
 public:
  FakeWeb() : transport_(std::make_shared<NiceMock<testing::MockTransport>>()) {
    ON_CALL(*transport_, Send).WillByDefault(Invoke([this](const http::Request& request) -> Result<http::Response> {
      sent.push_back(request);
      auto page = pages.find(request.url);
      if (page == pages.end()) return Answer(404, "not found");
      return page->second(request);
    }));
  }
  std::shared_ptr<http::Transport> transport() const { return transport_; }
  void Redirect(const std::string& from, const std::string& to, http::Headers extra = {}) {
    extra.emplace_back("Location", to);
    pages[from] = [extra](const http::Request&) { return Answer(302, "", extra); };
  }

  std::map<std::string, std::function<Result<http::Response>(const http::Request&)>> pages;
  std::vector<http::Request> sent;

 private:
  std::shared_ptr<NiceMock<testing::MockTransport>> transport_;
};

std::vector<std::string> Urls(const Walk& walk) {
  std::vector<std::string> out;
  for (const auto& hop : walk.hops) out.push_back(hop.method + " " + hop.url);
  return out;
}

TEST(BrowserTest, FollowsRedirectsAcrossOriginsAndKeepsCookiesAcrossWalks) {
  FakeWeb web;
  web.Redirect(std::string(kApp) + "/connect", std::string(kEmulator) + "/oauth/authorize?x=1",
               {{"Set-Cookie", "st=abc; Path=/; HttpOnly"}});
  web.Redirect(std::string(kEmulator) + "/oauth/authorize?x=1", "http://app.test/callback?code=c1");
  web.pages[std::string(kApp) + "/callback?code=c1"] = [](const http::Request& r) {
    return Answer(HeaderOf(r, "Cookie") == "st=abc" ? 200 : 400, "done");
  };
  Browser browser(web.transport());
  Walk walk = browser.Get(std::string(kApp) + "/connect");
  EXPECT_THAT(Urls(walk), ::testing::ElementsAre("GET http://app.test/connect",
                                                 "GET http://emulator.test/oauth/authorize?x=1",
                                                 "GET http://app.test/callback?code=c1"));
  EXPECT_EQ(walk.Last().status, 200);
  EXPECT_EQ(HeaderOf(web.sent[1], "Cookie"), "") << "an app's cookie never goes to another origin";
  Walk again = browser.Get(std::string(kApp) + "/callback?code=c1");
  EXPECT_EQ(again.Last().status, 200) << "the cookie outlives the walk that set it";
}

TEST(BrowserTest, SubmitsTheConsentFormOnceWithTheDecision) {
  FakeWeb web;
  const std::string authorize = std::string(kEmulator) + "/oauth/authorize";
  web.pages[authorize] = [](const http::Request&) { return Answer(200, kConsentPage); };
  web.Redirect(std::string(kEmulator) + "/oauth/consent", authorize);
  Browser browser(web.transport());
  Walk walk = browser.Get(authorize, {.decision = "deny"});
  ASSERT_EQ(walk.hops.size(), 3u) << "the consent page shown again is where the walk ends";
  EXPECT_TRUE(walk.consent_submitted);
  const http::Request& post = web.sent[1];
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.url, "http://emulator.test/oauth/consent");
  EXPECT_EQ(post.body, "consent_id=cns_1&decision=deny");
  EXPECT_EQ(HeaderOf(post, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(HeaderOf(post, "Origin"), kEmulator);
  browser.Get(authorize);
  EXPECT_EQ(web.sent[4].body, "consent_id=cns_1&decision=authorize");
}

TEST(BrowserTest, StopsBeforeAUrlPrefixOrAPathAndAtAPath) {
  FakeWeb web;
  web.Redirect(std::string(kApp) + "/connect", "/callback?code=c2&state=s");
  web.pages[std::string(kApp) + "/callback?code=c2&state=s"] = [](const http::Request&) { return Answer(200, ""); };
  Browser browser(web.transport());
  Walk by_prefix = browser.Get(std::string(kApp) + "/connect", {.stop_before_url_prefix = "http://app.test/callback"});
  ASSERT_EQ(by_prefix.hops.size(), 1u);
  EXPECT_EQ(by_prefix.Last().status, 302);
  EXPECT_EQ(by_prefix.stopped_at, "http://app.test/callback?code=c2&state=s");
  Walk by_path = browser.Get(std::string(kApp) + "/connect", {.stop_before_path = "/callback"});
  EXPECT_EQ(by_path.hops.size(), 1u);
  EXPECT_EQ(by_path.stopped_at, "http://app.test/callback?code=c2&state=s");
  Walk at_path = browser.Get(std::string(kApp) + "/connect", {.stop_at_path = "/connect"});
  EXPECT_EQ(at_path.hops.size(), 1u);
  EXPECT_FALSE(at_path.stopped_at);
  EXPECT_EQ(web.sent.size(), 3u) << "no stop requested the callback";
}

TEST(BrowserTest, MoreThanMaxRedirectsEndsTheWalkSayingSo) {
  FakeWeb web;
  web.Redirect(std::string(kApp) + "/loop", "/loop");
  Browser browser(web.transport());
  Walk walk = browser.Get(std::string(kApp) + "/loop", {.max_redirects = 3});
  EXPECT_TRUE(walk.too_many_redirects);
  EXPECT_EQ(web.sent.size(), 5u) << "the first request and four redirects followed";
  EXPECT_EQ(walk.Last().status, 0);
  EXPECT_EQ(walk.Last().error, "more than 3 redirects");
}

TEST(BrowserTest, ATransportFailureEndsTheWalkWithItsError) {
  auto transport = std::make_shared<NiceMock<testing::MockTransport>>();
  ON_CALL(*transport, Send).WillByDefault(Invoke([](const http::Request&) -> Result<http::Response> {
    return Fail(kTransportFailed, "connection refused");
  }));
  Browser browser(transport);
  Walk walk = browser.Get(std::string(kApp) + "/connect");
  ASSERT_EQ(walk.hops.size(), 1u);
  EXPECT_EQ(walk.Last().status, 0);
  EXPECT_EQ(walk.Last().error, "connection refused");
}

TEST(BrowserTest, FetchSendsTheCookiesButStoresNone) {
  FakeWeb web;
  web.pages[std::string(kApp) + "/login"] = [](const http::Request&) {
    return Answer(200, "", {{"set-cookie", "sid=1"}});
  };
  web.pages[std::string(kApp) + "/refresh"] = [](const http::Request&) {
    return Answer(200, "", {{"Set-Cookie", "other=2"}});
  };
  Browser browser(web.transport());
  browser.Get(std::string(kApp) + "/login");
  Hop hop = browser.Fetch(std::string(kApp) + "/refresh");
  EXPECT_EQ(hop.status, 200);
  EXPECT_EQ(HeaderOf(web.sent[1], "Cookie"), "sid=1");
  browser.Fetch(std::string(kApp) + "/refresh");
  EXPECT_EQ(HeaderOf(web.sent[2], "Cookie"), "sid=1") << "Fetch stored other=2";
}

TEST(BrowserTest, ACopyStartsWithTheCookiesAndKeepsItsOwn) {
  FakeWeb web;
  web.pages[std::string(kApp) + "/a"] = [](const http::Request&) { return Answer(200, "", {{"Set-Cookie", "a=1"}}); };
  web.pages[std::string(kApp) + "/b"] = [](const http::Request&) { return Answer(200, "", {{"Set-Cookie", "b=2"}}); };
  Browser browser(web.transport());
  browser.Get(std::string(kApp) + "/a");
  Browser copy = browser;
  copy.Get(std::string(kApp) + "/b");
  browser.Fetch(std::string(kApp) + "/a");
  copy.Fetch(std::string(kApp) + "/a");
  EXPECT_EQ(HeaderOf(web.sent[1], "Cookie"), "a=1");
  EXPECT_EQ(HeaderOf(web.sent[2], "Cookie"), "a=1");
  EXPECT_EQ(HeaderOf(web.sent[3], "Cookie"), "a=1; b=2");
}

TEST(BrowserTest, PathOfDropsTheQuery) {
  EXPECT_EQ(PathOf("http://app.test/callback?code=1"), "/callback");
  EXPECT_EQ(PathOf("http://[::1]:3000"), "/");
}

}  // namespace
}  // namespace revento::client::browser
