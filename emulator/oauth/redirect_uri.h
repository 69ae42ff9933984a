// Redirect URIs: matching and building the redirect back to the integration.
//
// A redirect_uri matches only when it is byte for byte equal to one the
// integration registered (the quickstart: "must match what you registered,
// byte-for-byte"). No normalization of any kind: a trailing slash, another
// case, an explicit default port, another scheme, an added query, percent-
// encoding, a fragment or surrounding whitespace are all different URIs.
//
// RedirectWith appends parameters to a registered URI, keeping its own query
// ("?" or "&"), each name and value percent-encoded.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revento::emulator::oauth {

bool IsRegisteredRedirectUri(const std::vector<std::string>& registered, std::string_view uri);

std::string RedirectWith(std::string_view redirect_uri,
                         const std::vector<std::pair<std::string_view, std::string_view>>& params);

}  // namespace revento::emulator::oauth
