// The emulator's byte encodings, against RFC 4648's test vectors.
#include "emulator/encoding.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace revento::emulator
