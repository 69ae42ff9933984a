// Byte encodings the emulator reads and writes: lowercase hex (SHA-256
// digests, webhook signatures), standard base64 with padding (HTTP Basic
// credentials) and unpadded base64url (PKCE S256 challenges, Read API
// cursors), over OpenSSL's EVP_EncodeBlock and EVP_DecodeBlock.
//
// Decoding is strict, stricter than EVP_DecodeBlock alone (which skips
// leading and trailing whitespace, reads '=' anywhere as zero bits and keeps
// the padding's bytes): the text is checked first, and anything but the
// canonical encoding of some bytes is refused:
//   - a character outside the alphabet, whitespace and line breaks included;
//   - DecodeBase64: a length that is not a multiple of 4, '=' anywhere but
//     as the last one or two characters, or any data after the padding;
//   - DecodeBase64UrlUnpadded: any '=', or a length of 4n+1;
//   - non-zero unused bits in the last character ("Zh==" for "f").
// Empty text decodes to empty bytes.
//
// The client (client/) keeps its own implementation: the two sides read the
// contract independently.
//
// Errors: the decoders return std::nullopt for refused text; encoders cannot
// fail. Thread safety: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace revento::emulator {

// Two lowercase hex digits per byte.
std::string HexLower(const unsigned char* data, size_t size);

// RFC 4648 section 5 alphabet (A-Z a-z 0-9 - _), without '=' padding.
std::string Base64UrlUnpadded(const unsigned char* data, size_t size);

// RFC 4648 section 4 (A-Z a-z 0-9 + /), padded with '=' to a multiple of 4.
std::optional<std::string> DecodeBase64(std::string_view text);

// RFC 4648 section 5 without padding, as Base64UrlUnpadded writes it.
std::optional<std::string> DecodeBase64UrlUnpadded(std::string_view text);

}  // namespace revento::emulator
