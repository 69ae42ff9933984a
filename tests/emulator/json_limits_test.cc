#include "emulator/json_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace revento::emulator {
namespace {

std::string Nested(size_t depth, std::string_view inner = "1") {
  return std::string(depth, '[') + std::string(inner) + std::string(depth, ']');
}

TEST(JsonLimitsTest, TooDeepIsRefusedNamingTheLimitAndTheOffset) {
  auto parsed = ParseBoundedJson(Nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("deeper than 64"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("at byte 64"), std::string::npos) << parsed.error().message;
}

TEST(JsonLimitsTest, FiftyThousandLevelsAreRefusedWithoutRecursion) {
  std::string deep = R"({"overrides": )" + Nested(50000) + "}";
  EXPECT_FALSE(ParseBoundedJson(deep).has_value());
  EXPECT_EQ(FindJsonNestingBeyond(deep, kMaxJsonDepth), size_t{14 + 63});
}

TEST(JsonLimitsTest, ObjectsCountLikeArrays) {
  std::string deep;
  for (size_t i = 0; i < kMaxJsonDepth + 1; ++i) deep += R"({"a":)";
  deep += "1" + std::string(kMaxJsonDepth + 1, '}');
  EXPECT_FALSE(ParseBoundedJson(deep).has_value());
}

TEST(JsonLimitsTest, BracketsInsideStringsDoNotCount) {
  std::string text = R"({"a": ")" + std::string(1000, '[') + R"(\"[[[", "b": [1]})";
  auto parsed = ParseBoundedJson(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ((*parsed)["b"][0], 1);
}

TEST(JsonLimitsTest, ExactlyTheLimitIsAccepted) {
  auto parsed = ParseBoundedJson(Nested(kMaxJsonDepth));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
}

TEST(JsonLimitsTest, TextThatIsNotJsonSaysWhere) {
  auto parsed = ParseBoundedJson("{\"a\": }");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_TRUE(parsed.error().message.starts_with("Malformed JSON at byte ")) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("column 7"), std::string::npos) << parsed.error().message;
}

// Found by fuzz_fixture_file: a number too large for a double threw an
// exception other than a parse error, and --fixtures ended in terminate().
TEST(JsonLimitsTest, ANumberTooLargeForADoubleIsRefusedNotThrown) {
  for (const char* text : {"{\"a\": 1e999999}", "[4444444e444444444444444444000861233377076378302]", "-1e400"}) {
    auto parsed = ParseBoundedJson(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_NE(parsed.error().message.find("number overflow"), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace revento::emulator
