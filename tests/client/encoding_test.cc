// client/encoding.h: hex, SHA-256 and base64url (no padding) through
// OpenSSL, checked against published vectors (RFC 4648 section 10, FIPS 180-2
// "abc", RFC 7636 appendix B); text that is not unpadded base64url is refused;
// percent-encoding keeps only letters, digits and the set it is given.
#include "client/encoding.h"

#include <gtest/gtest.h>

namespace revento::client {
namespace {

TEST(EncodingTest, Base64UrlDecodeRefusesWhatIsNotUnpaddedBase64Url) {
  EXPECT_FALSE(Base64UrlDecode("Zm9v="));   // padding
  EXPECT_FALSE(Base64UrlDecode("a+b/"));    // the standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));   // 5 characters: no whole byte in the last one
  EXPECT_FALSE(Base64UrlDecode("Zm 9v"));   // a space
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));  // a newline
}

TEST(EncodingTest, Base64UrlMatchesRfc4648WithoutPadding) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy"}, {"\xfb\xff\xbf", "-_-_"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(Base64Url(bytes), text);
    EXPECT_EQ(Base64UrlDecode(text), bytes) << text;
  }
}

TEST(EncodingTest, PercentEncodeKeepsLettersDigitsAndTheGivenSetOnly) {
  EXPECT_EQ(PercentEncode("a Z9-._~*/\xc3\xa9", "-._~"), "a%20Z9-._~%2A%2F%C3%A9");
  EXPECT_EQ(PercentEncode("a b*~", "-._*", true), "a+b*%7E");
}

TEST(EncodingTest, Sha256AndHex) {
  EXPECT_EQ(Hex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), 32u);
  // RFC 7636 appendix B: the S256 challenge of its verifier.
  EXPECT_EQ(Base64Url(Sha256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

}  // namespace
}  // namespace revento::client
