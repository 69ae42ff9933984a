// The emulator's byte encodings, against RFC 4648's test vectors.
#include "emulator/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace revento::emulator {
namespace {

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

TEST(EncodingTest, Base64UrlUsesTheUrlAlphabetAndNoPadding) {
  // 0xfb 0xff: "+/8=" in standard base64.
  const unsigned char high[] = {0xfb, 0xff};
  EXPECT_EQ(Base64UrlUnpadded(high, sizeof high), "-_8");
  EXPECT_EQ(Base64UrlUnpadded(Bytes(""), 0), "");
}

TEST(EncodingTest, Base64UrlMatchesRfc4648VectorsUnpadded) {
  EXPECT_EQ(Base64UrlUnpadded(Bytes("f"), 1), "Zg");
  EXPECT_EQ(Base64UrlUnpadded(Bytes("fo"), 2), "Zm8");
  EXPECT_EQ(Base64UrlUnpadded(Bytes("foo"), 3), "Zm9v");
  EXPECT_EQ(Base64UrlUnpadded(Bytes("foob"), 4), "Zm9vYg");
  EXPECT_EQ(Base64UrlUnpadded(Bytes("fooba"), 5), "Zm9vYmE");
  EXPECT_EQ(Base64UrlUnpadded(Bytes("foobar"), 6), "Zm9vYmFy");
}

TEST(EncodingTest, HexIsLowercaseTwoDigitsPerByte) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(HexLower(bytes, sizeof bytes), "000fa0ff");
  EXPECT_EQ(HexLower(bytes, 0), "");
}

// Decoding: every refusal first, then what is accepted.

TEST(EncodingTest, DecodeBase64RefusesALengthThatIsNotAMultipleOfFour) {
  EXPECT_FALSE(DecodeBase64("Zg="));
  EXPECT_FALSE(DecodeBase64("Zg"));
  EXPECT_FALSE(DecodeBase64("Zm9vY"));
}

TEST(EncodingTest, DecodeBase64RefusesPaddingAnywhereButTheEnd) {
  EXPECT_FALSE(DecodeBase64("===="));
  EXPECT_FALSE(DecodeBase64("Z==="));
  EXPECT_FALSE(DecodeBase64("Z=g="));
  EXPECT_FALSE(DecodeBase64("=Zm9"));
  EXPECT_FALSE(DecodeBase64("Zg==Zm9v"));  // a second group after the padding
}

TEST(EncodingTest, DecodeBase64RefusesTrailingData) {
  EXPECT_FALSE(DecodeBase64("Zg==\n"));
  EXPECT_FALSE(DecodeBase64("Zm9v\r\n"));
  EXPECT_FALSE(DecodeBase64("Zg==A"));
  EXPECT_FALSE(DecodeBase64("Zg==Zg=="));
}

TEST(EncodingTest, DecodeBase64RefusesCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(DecodeBase64(" Zm9v"));
  EXPECT_FALSE(DecodeBase64("Zm 9"));
  EXPECT_FALSE(DecodeBase64("Zm9\t"));
  EXPECT_FALSE(DecodeBase64("Zm-_"));  // base64url's alphabet
  EXPECT_FALSE(DecodeBase64("!!!!"));
  EXPECT_FALSE(DecodeBase64(std::string_view("Zm\0v", 4)));
  EXPECT_FALSE(DecodeBase64("Zm9\xc3"));
}

TEST(EncodingTest, DecodeBase64RefusesNonCanonicalUnusedBits) {
  EXPECT_FALSE(DecodeBase64("Zh=="));  // "f" is Zg==
  EXPECT_FALSE(DecodeBase64("Zm9="));  // "fo" is Zm8=
}

TEST(EncodingTest, DecodeBase64ReadsRfc4648Vectors) {
  EXPECT_EQ(DecodeBase64(""), "");
  EXPECT_EQ(DecodeBase64("Zg=="), "f");
  EXPECT_EQ(DecodeBase64("Zm8="), "fo");
  EXPECT_EQ(DecodeBase64("Zm9v"), "foo");
  EXPECT_EQ(DecodeBase64("Zm9vYg=="), "foob");
  EXPECT_EQ(DecodeBase64("Zm9vYmE="), "fooba");
  EXPECT_EQ(DecodeBase64("Zm9vYmFy"), "foobar");
  EXPECT_EQ(DecodeBase64("+/8="), "\xfb\xff");
  EXPECT_EQ(DecodeBase64("AAA="), std::string(2, '\0'));
}

TEST(EncodingTest, DecodeBase64UrlRefusesPadding) {
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zg=="));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zm8="));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zg="));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("="));
}

TEST(EncodingTest, DecodeBase64UrlRefusesALengthOfFourNPlusOne) {
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Z"));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zm9vY"));
}

TEST(EncodingTest, DecodeBase64UrlRefusesCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(DecodeBase64UrlUnpadded("-_8+"));  // standard base64's alphabet
  EXPECT_FALSE(DecodeBase64UrlUnpadded("-_8/"));
  EXPECT_FALSE(DecodeBase64UrlUnpadded(" Zm9v"));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zm9v\n"));
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zm.v"));
  EXPECT_FALSE(DecodeBase64UrlUnpadded(std::string_view("Zm\0v", 4)));
}

TEST(EncodingTest, DecodeBase64UrlRefusesTrailingDataAndNonCanonicalBits) {
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zh"));   // "f" is Zg
  EXPECT_FALSE(DecodeBase64UrlUnpadded("Zm9"));  // "fo" is Zm8
  EXPECT_FALSE(DecodeBase64UrlUnpadded("-_9"));  // 0xfb 0xff is -_8
}

TEST(EncodingTest, DecodeBase64UrlReadsWhatBase64UrlUnpaddedWrites) {
  EXPECT_EQ(DecodeBase64UrlUnpadded(""), "");
  EXPECT_EQ(DecodeBase64UrlUnpadded("Zg"), "f");
  EXPECT_EQ(DecodeBase64UrlUnpadded("Zm8"), "fo");
  EXPECT_EQ(DecodeBase64UrlUnpadded("Zm9vYmFy"), "foobar");
  EXPECT_EQ(DecodeBase64UrlUnpadded("-_8"), "\xfb\xff");
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string bytes = all.substr(0, n);
    EXPECT_EQ(DecodeBase64UrlUnpadded(Base64UrlUnpadded(Bytes(bytes), bytes.size())), bytes) << n;
  }
}

}  // namespace
}  // namespace revento::emulator
