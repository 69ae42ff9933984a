// The client's byte encodings and digest, through OpenSSL (as the emulator
// does its own, separately): lowercase hex, SHA-256, and base64url without
// padding (RFC 4648 section 5, the alphabet of PKCE and of the journal's
// redacted digests), and percent-encoding (RFC 3986 2.1, uppercase hex
// digits), of which path segments and form bodies are two spellings.
// Errors: Base64UrlDecode answers std::nullopt for text that is not unpadded
// base64url; the others cannot fail. Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace revento::client {

std::string Hex(std::string_view bytes);
std::string Sha256(std::string_view bytes);  // the 32 raw bytes
std::string Sha256Hex(std::string_view bytes);
std::string Base64Url(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Every byte but ASCII letters, digits and those in `keep` as %XX; a space as
// '+' when `space_as_plus` (form bodies), else %20.
std::string PercentEncode(std::string_view text, std::string_view keep, bool space_as_plus = false);

}  // namespace revento::client
