// PKCE (RFC 7636) as the authorization server checks it. S256 only.
//
//   code_challenge  exactly 43 base64url characters [A-Za-z0-9-_] (the
//                   unpadded encoding of a SHA-256 digest).
//   code_verifier   43 to 128 unreserved characters [A-Za-z0-9-._~].
//   VerifyS256      base64url(SHA-256(ASCII(verifier))) == challenge,
//                   compared in constant time.
//
// This is the emulator's own implementation; the reference client's
// (client/oauth/pkce.h) is independent on purpose.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace revento::emulator::oauth {

bool IsValidCodeChallenge(std::string_view challenge);
bool IsValidCodeVerifier(std::string_view verifier);
// Unpadded base64url of SHA-256(verifier).
std::string S256(std::string_view verifier);
bool VerifyS256(std::string_view verifier, std::string_view challenge);

}  // namespace revento::emulator::oauth
