// Absolute http(s) URLs: the one check of every URL the emulator is given
// (--public-url, --webhook-url, a fixture's or a registered integration's
// redirect URIs and webhook URL) and the split the webhook transport
// connects with.
//
// A URL passes when it starts with "http://" or "https://" (lowercase, as
// RFC 3986 writes them), has a non-empty authority (the next character is
// not '/' or '?'), and holds no fragment ('#'), space or control character
// anywhere. Nothing is normalized: redirect URIs are matched byte for byte
// (oauth/redirect_uri.h). kHttpUrlRule is the words every refusal uses.
//
// Errors: ParseHttpUrl returns std::nullopt for a URL that does not pass.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace revento::emulator {

inline constexpr std::string_view kHttpUrlRule = "must be an absolute http(s) URI without a fragment";

struct HttpUrl {
  std::string origin;  // "http://host:port"
  std::string target;  // "/path?query", "/" when the URL has no path
};

std::optional<HttpUrl> ParseHttpUrl(std::string_view url);

inline bool IsAbsoluteHttpUrl(std::string_view url) { return ParseHttpUrl(url).has_value(); }

}  // namespace revento::emulator
