// PKCE (RFC 7636) for the integration side: a fresh verifier and its S256
// challenge, done the way the Revento quickstart does it (32 random bytes,
// base64url without padding, SHA-256 of the verifier's ASCII).
//
// This is the client's own implementation; it shares no code with the
// emulator's verifier check, so a bug on one side shows up against the other.
// The encodings are client/encoding.h's (OpenSSL).
// Thread safety: pure functions (RAND_bytes is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "client/encoding.h"  // Base64Url, for the callers that build a state

namespace revento::client {

struct PkcePair {
  std::string verifier;   // 43 characters of [A-Za-z0-9-_]
  std::string challenge;  // base64url(SHA-256(verifier)), 43 characters
};

PkcePair NewPkcePair();
std::string S256Challenge(std::string_view verifier);

}  // namespace revento::client
