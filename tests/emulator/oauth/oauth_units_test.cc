// The strict application/x-www-form-urlencoded parser, redirect URI matching
// and scope lists.
#include <gtest/gtest.h>

#include "emulator/oauth/form_params.h"
#include "emulator/oauth/redirect_uri.h"
#include "emulator/oauth/scope.h"

namespace revento::emulator::oauth {
namespace {

TEST(FormParamsTest, DecodesPlusAndPercent) {
  auto p = ParseFormParams("scope=event.read+participants.read&redirect_uri=http%3A%2F%2Fx%2Fcb&e=%C3%A9");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Get("scope"), "event.read participants.read");
  EXPECT_EQ(p->Get("redirect_uri"), "http://x/cb");
  EXPECT_EQ(p->Get("e"), "\xC3\xA9");
}

TEST(FormParamsTest, EmptyValueIsTreatedAsOmittedButPresent) {
  auto p = ParseFormParams("a=&b");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->Get("a"));
  EXPECT_TRUE(p->Has("a"));
  EXPECT_TRUE(p->Has("b"));
}

TEST(FormParamsTest, RefusesRepeatsEvenWhenEmpty) {
  EXPECT_FALSE(ParseFormParams("a=1&a=1"));
  EXPECT_FALSE(ParseFormParams("a=&a=1"));
  EXPECT_FALSE(ParseFormParams("a&a"));
}

TEST(FormParamsTest, RefusesBadEscapesInvalidUtf8AndLongValues) {
  EXPECT_FALSE(ParseFormParams("a=%"));
  EXPECT_FALSE(ParseFormParams("a=%4"));
  EXPECT_FALSE(ParseFormParams("a=%zz"));
  EXPECT_FALSE(ParseFormParams("a=%80"));
  EXPECT_FALSE(ParseFormParams("a=%F4%90%80%80"));
  EXPECT_FALSE(ParseFormParams("a=" + std::string(8193, 'x')));
  EXPECT_TRUE(ParseFormParams("a=" + std::string(8192, 'x')));
  EXPECT_FALSE(ParseFormParams("=1"));
}

TEST(FormParamsTest, TolerantParseKeepsFirstAndNamesProblems) {
  std::vector<FormProblem> problems;
  auto p = ParseFormParamsTolerantly("client_id=a&state=1&state=2&x=%zz", &problems);
  EXPECT_EQ(p.Get("client_id"), "a");
  EXPECT_EQ(p.Get("state"), "1");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].name, "state");
  EXPECT_EQ(problems[1].name, "x");
}

TEST(FormParamsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
}

}  // namespace
}  // namespace revento::emulator::oauth

namespace revento::emulator::oauth {
namespace {

TEST(RedirectUriMatchTest, MatchIsByteForByte) {
  std::vector<std::string> registered{"http://localhost:3000/callback", "https://abc123.ngrok.io/callback"};
  EXPECT_TRUE(IsRegisteredRedirectUri(registered, "http://localhost:3000/callback"));
  EXPECT_TRUE(IsRegisteredRedirectUri(registered, "https://abc123.ngrok.io/callback"));
  EXPECT_FALSE(IsRegisteredRedirectUri(registered, "https://abc123.ngrok.io/callback/"));
  EXPECT_FALSE(IsRegisteredRedirectUri(registered, "https://ABC123.ngrok.io/callback"));
  EXPECT_FALSE(IsRegisteredRedirectUri(registered, ""));
}

TEST(RedirectUriMatchTest, RedirectWithKeepsARegisteredQueryAndEncodes) {
  EXPECT_EQ(RedirectWith("http://x/cb", {{"code", "c"}, {"state", "a b&c"}}), "http://x/cb?code=c&state=a%20b%26c");
  EXPECT_EQ(RedirectWith("http://x/cb?app=1", {{"code", "c"}}), "http://x/cb?app=1&code=c");
}

TEST(ScopeTest, ParsesCatalogScopesAndRefusesTheRest) {
  auto ok = ParseScope("participants.read event.read event.read");
  ASSERT_TRUE(ok);
  EXPECT_EQ(JoinScope(*ok), "event.read participants.read");
  EXPECT_FALSE(ParseScope(""));
  EXPECT_FALSE(ParseScope("event.read "));
  EXPECT_FALSE(ParseScope("event.read  participants.read"));
  EXPECT_FALSE(ParseScope("event.write"));
  EXPECT_FALSE(ParseScope("EVENT.READ"));
  EXPECT_FALSE(CheckDeclared({"event.read", "attendance.read"}, {"event.read"}));
  EXPECT_TRUE(CheckDeclared({"event.read"}, {"event.read", "attendance.read"}));
  EXPECT_TRUE(IsSubset({"event.read"}, {"event.read", "participants.read"}));
  EXPECT_FALSE(IsSubset({"event.read", "applications.read"}, {"event.read", "participants.read"}));
}

}  // namespace
}  // namespace revento::emulator::oauth
