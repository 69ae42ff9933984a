// Byte encodings the emulator writes: lowercase hex (SHA-256 digests,
// webhook signatures) and unpadded base64url (PKCE S256 challenges, Read API
// cursors), over OpenSSL's EVP_EncodeBlock where OpenSSL has one.
//
// The client (client/) keeps its own implementation: the two sides read the
// contract independently.
//
// Errors: none; every byte string has one encoding. Thread safety: pure
// functions, safe from any thread.
#pragma once

#include <cstddef>
#include <string>

namespace revento::emulator {

// Two lowercase hex digits per byte.
std::string HexLower(const unsigned char* data, size_t size);

// RFC 4648 section 5 alphabet (A-Z a-z 0-9 - _), without '=' padding.
std::string Base64UrlUnpadded(const unsigned char* data, size_t size);

}  // namespace revento::emulator
