// Protocol text helpers: OWS trimming, ASCII lowering, the form tokenizer and
// its strict and lenient decoders.
#include "emulator/text.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace revento::emulator {
namespace {

TEST(TextTest, TrimRemovesSpacesAndTabsOnlyAndLowerFoldsAsciiOnly) {
  EXPECT_EQ(Trim(" \tA b\t "), "A b");
  EXPECT_EQ(Trim("\r\nx\n"), "\r\nx\n");
  EXPECT_EQ(Lower("AbC-\xc3\x9c"), "abc-\xc3\x9c");
}

TEST(FormPairsTest, SplitsOnAmpersandsAndSkipsEmptySegments) {
  std::vector<std::pair<std::string, std::string>> got;
  ForEachFormPair("a=1&&b&=x&c=%41+b&", [&](std::string_view n, std::string_view v) { got.emplace_back(n, v); });
  std::vector<std::pair<std::string, std::string>> want{{"a", "1"}, {"b", ""}, {"", "x"}, {"c", "%41+b"}};
  EXPECT_EQ(got, want);
}

TEST(FormDecodeTest, StrictRefusesAMalformedEscapeAndLenientKeepsIt) {
  std::string out;
  EXPECT_TRUE(FormDecode("%41+b%2f", out, Escapes::kStrict));
  EXPECT_EQ(out, "A b/");
  for (const char* bad : {"%4", "a%zz", "%", "%%41"}) EXPECT_FALSE(FormDecode(bad, out, Escapes::kStrict)) << bad;
  EXPECT_TRUE(FormDecode("a%zz%4", out, Escapes::kLenient));
  EXPECT_EQ(out, "a%zz%4");
}

}  // namespace
}  // namespace revento::emulator
