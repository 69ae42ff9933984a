// The strict application/x-www-form-urlencoded parser.
#include "emulator/oauth/form_params.h"

#include <gtest/gtest.h>

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
