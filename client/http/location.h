// Following a redirect the way a browser does, for the client's two
// browser-like walkers (check/browser_session.h and scenarios/browser.h).
//
// cpp-httplib 0.11 hands every response header over percent-decoded, so a
// Location of /callback?error_description=The%20user%20denied arrives with
// a space, and one of /x?v=100%25 arrives with a bare '%'.
// ReencodeHeaderUrl() encodes again every byte that cannot stand in a URL
// as it is: controls, space, bytes >= 0x7f, '%' and "<>\^`{|}. A value that
// held an encoded '&', '+', '#' or '?' cannot be told apart any more: that
// is a limit of the library, not of this function.
//
// ResolveReference() resolves a redirect target against the URL that
// answered with it: an absolute http(s) URL stays as it is, "/path" keeps
// the origin, anything else replaces the last path segment (RFC 3986 5.2
// without dot segments, which no Revento or quickstart redirect uses).
//
// Errors: none; a base that is not an http(s) URL leaves the target as it is.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace revento::client::http {

std::string ReencodeHeaderUrl(std::string_view decoded);
std::string ResolveReference(std::string_view base_url, std::string_view target);

}  // namespace revento::client::http
