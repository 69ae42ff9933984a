// The console's HTML pieces: every value escaped, forms that post back to a
// console page, the session, cross-site and flash rules.
#include <gtest/gtest.h>
#include <httplib.h>

#include "emulator/console/html.h"
#include "emulator/console/layout.h"
#include "emulator/console/session.h"

namespace revento::emulator::console {
namespace {

constexpr const char* kScript = "<script>alert(\"x\")</script>&'";

TEST(ConsoleHtml, EscapesMarkupQuotesAndAmpersands) {
  EXPECT_EQ(Esc(kScript), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
  EXPECT_EQ(EscJson(nlohmann::json(kScript)), Esc(kScript));
  EXPECT_EQ(EscJson(nlohmann::json({{"a", "<b>"}})), "{&quot;a&quot;:&quot;&lt;b&gt;&quot;}");
  EXPECT_EQ(EscJson(nlohmann::json()), "\u2014");
  EXPECT_EQ(EscPrettyJson(nlohmann::json("<i>")).find('<'), std::string::npos);
}

TEST(ConsoleHtml, ButtonFormEscapesEveryAttributeAndCarriesReturnTo) {
  std::string form = ButtonForm("/_sandbox/console/x\"><script>", kScript, "/_sandbox/console?a=1&b=2",
                                {{"na\"me", "<v>"}}, "danger\"");
  EXPECT_EQ(form.find("<script"), std::string::npos) << form;
  EXPECT_NE(form.find("action=\"/_sandbox/console/x&quot;&gt;&lt;script&gt;\""), std::string::npos) << form;
  EXPECT_NE(form.find("name=\"return_to\" value=\"/_sandbox/console?a=1&amp;b=2\""), std::string::npos) << form;
  EXPECT_NE(form.find("name=\"na&quot;me\" value=\"&lt;v&gt;\""), std::string::npos) << form;
  EXPECT_NE(form.find("method=\"post\""), std::string::npos);
}

TEST(ConsoleHtml, UrlAndPathSegmentPercentEncode) {
  EXPECT_EQ(PathSegment("a/b?c"), "a%2Fb%3Fc");
  EXPECT_EQ(Url("/p", {{"event_id", "evt 1&x"}, {"after", "5"}}), "/p?event_id=evt%201%26x&after=5");
}

TEST(ConsoleLayout, EscapesTitleTimeAndFlashAndMarksTheActivePage) {
  Layout layout{.title = kScript,
                .nav = "clock",
                .sandbox_time = "<t>",
                .flash = Flash{true, kScript},
                .body = "<p id=\"body\">ok</p>"};
  std::string html = RenderLayout(layout);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<p id=\"body\">ok</p>"), std::string::npos);
  EXPECT_NE(html.find("class=\"flash error\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/_sandbox/console/clock\" class=\"active\""), std::string::npos);
  EXPECT_EQ(html.find("Sign out"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos) << "no external style sheet";
  EXPECT_EQ(html.find("src="), std::string::npos) << "no external script or image";
}

TEST(ConsoleSession, OnlyConsolePathsAreReturnLocations) {
  for (const char* bad : {"https://evil.example/", "//evil.example", "/_sandbox/consolex", "/_sandbox/clock",
                          "/_sandbox/console//evil", "/_sandbox/console/\\evil", "/_sandbox/console/a b", ""}) {
    EXPECT_FALSE(IsConsoleLocation(bad)) << bad;
  }
  for (const char* good : {"/_sandbox/console", "/_sandbox/console/events", "/_sandbox/console?x=1",
                           "/_sandbox/console/participants?event_id=evt_1&after=50"}) {
    EXPECT_TRUE(IsConsoleLocation(good)) << good;
  }
}

TEST(ConsoleSession, CrossSitePostsAreRefusedSameOriginAndOriginlessPass) {
  httplib::Request req;
  req.set_header("Host", "127.0.0.1:8787");
  EXPECT_FALSE(CrossSiteProblem(req, "http://localhost:8787"));
  req.set_header("Origin", "http://127.0.0.1:8787");
  EXPECT_FALSE(CrossSiteProblem(req, "http://localhost:8787"));

  httplib::Request public_origin;
  public_origin.set_header("Host", "10.0.0.1:8787");
  public_origin.set_header("Origin", "https://sandbox.example");
  EXPECT_FALSE(CrossSiteProblem(public_origin, "https://sandbox.example"));

  for (const char* origin : {"http://127.0.0.1:3000", "null", "https://evil.example", "http://127.0.0.1:8787.evil"}) {
    httplib::Request cross;
    cross.set_header("Host", "127.0.0.1:8787");
    cross.set_header("Origin", origin);
    auto problem = CrossSiteProblem(cross, "http://localhost:8787");
    ASSERT_TRUE(problem) << origin;
    EXPECT_NE(problem->find("cross-site"), std::string::npos) << *problem;
  }
  httplib::Request fetch_site;
  fetch_site.set_header("Sec-Fetch-Site", "cross-site");
  EXPECT_TRUE(CrossSiteProblem(fetch_site, "http://localhost:8787"));
}

TEST(ConsoleSession, TheSessionCookieIsHttpOnlyStrictAndNotTheToken) {
  std::string cookie = SessionCookie("s3cret-token");
  EXPECT_EQ(cookie.find("s3cret-token"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/_sandbox/console"), std::string::npos);

  Options options;
  options.admin_token = "s3cret-token";
  httplib::Request none;
  EXPECT_FALSE(IsSignedIn(options, none));
  httplib::Request with_cookie;
  with_cookie.set_header("Cookie", "other=1; " + cookie.substr(0, cookie.find(';')) + "; x=y");
  EXPECT_TRUE(IsSignedIn(options, with_cookie));
  httplib::Request wrong;
  wrong.set_header("Cookie", "revento_console=s3cret-token");
  EXPECT_FALSE(IsSignedIn(options, wrong));
  httplib::Request header;
  header.set_header("X-Revento-Admin-Token", "s3cret-token");
  EXPECT_TRUE(IsSignedIn(options, header));
  EXPECT_TRUE(IsSignedIn(Options{}, none)) << "without --admin-token the console is open";
}

TEST(ConsoleSession, FlashRoundTripsThroughItsCookie) {
  Flash flash{true, "409 invalid_transition: \u00e9v\u00e9nement; a=b & <c>"};
  std::string cookie = FlashCookie(flash);
  EXPECT_EQ(cookie.find(' '), cookie.find("; Path") + 1) << "the value holds no space: " << cookie;
  httplib::Request req;
  req.set_header("Cookie", cookie.substr(0, cookie.find(';')));
  auto read = ReadFlash(req);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->error);
  EXPECT_EQ(read->message, flash.message);
  std::string long_message;
  for (int i = 0; i < 2000; ++i) long_message += "\u00e9";  // two bytes, six when encoded
  std::string long_cookie = FlashCookie({false, long_message});
  EXPECT_LT(long_cookie.size(), 4096u) << "browsers drop larger cookies";
  httplib::Request long_req;
  long_req.set_header("Cookie", long_cookie.substr(0, long_cookie.find(';')));
  auto long_read = ReadFlash(long_req);
  ASSERT_TRUE(long_read) << "cut on a character boundary";
  EXPECT_TRUE(long_message.starts_with(long_read->message));
  httplib::Request forged;
  forged.set_header("Cookie", "revento_console_flash=zz%");
  EXPECT_FALSE(ReadFlash(forged));
}

}  // namespace
}  // namespace revento::emulator::console
