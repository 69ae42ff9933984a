#include "emulator/oauth/pkce.h"

#include <openssl/evp.h>

#include "emulator/encoding.h"
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
  EVP_Digest(verifier.data(), verifier.size(), md, &len, Sha256(), nullptr);
  return Base64UrlUnpadded(md, len);
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  return ConstantTimeEquals(S256(verifier), challenge);
}

}  // namespace revento::emulator::oauth
