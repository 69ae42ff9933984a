#include "emulator/oauth/pkce.h"

#include <openssl/evp.h>

#include "emulator/ids.h"

namespace revento::emulator::oauth {

namespace {

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool IsUnreserved(char c) { return IsBase64UrlChar(c) || c == '.' || c == '~'; }

}  // namespace

bool IsValidCodeChallenge(std::string_view challenge) {
  if (challenge.size() != 43) return false;
  for (char c : challenge)
    if (!IsBase64UrlChar(c)) return false;
  return true;
}

bool IsValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (char c : verifier)
    if (!IsUnreserved(c)) return false;
  return true;
}

std::string S256(std::string_view verifier) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(verifier.data(), verifier.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned int i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t n = (uint32_t{md[i]} << 16) | (uint32_t{md[i + 1]} << 8) | md[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (len - i == 2) {
    uint32_t n = (uint32_t{md[i]} << 16) | (uint32_t{md[i + 1]} << 8);
    for (int shift = 18; shift >= 6; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  } else if (len - i == 1) {
    uint32_t n = uint32_t{md[i]} << 16;
    for (int shift = 18; shift >= 12; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  return out;
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  return ConstantTimeEquals(S256(verifier), challenge);
}

}  // namespace revento::emulator::oauth
