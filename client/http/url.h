// URLs as the client reads, builds and follows them: one helper for each.
//
// ParseUrl() splits an absolute http(s) URL into scheme, host, port and
// target (path and query, at least "/"; a fragment is dropped). It refuses
// anything else (another scheme, no host, a port outside 1-65535, user
// information, spaces or control characters) with kInvalidArgument and a
// message naming the URL, the problem and the form to write.
//
// EncodePathSegment() percent-encodes one path segment, keeping only RFC
// 3986's unreserved characters (an id never changes the path around it).
//
// ResolveReference() resolves a redirect target against the URL that
// answered with it, as the client's browser walker (browser/browser.h)
// follows redirects: an
// absolute http(s) URL stays as it is, "/path" keeps the origin, anything
// else replaces the last path segment; "?q" keeps the base path; "." and
// ".." segments are removed (RFC 3986 5.2, 5.2.4). A base that is not an
// http(s) URL leaves the target as it is. An IPv6 literal is a host like
// any other: ParseUrl("http://[::1]:8787") has host "[::1]" and port 8787.
// Nothing here is ever applied to a redirect URI the client sends: those
// are compared and sent byte for byte.
//
// The client parses URLs itself rather than with liburiparser: Debian ships
// that library only shared, and the release binaries link everything but
// glibc statically (docs/ARCHITECTURE.md).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "client/status.h"

namespace revento::client::http {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;
  int port = 0;
  std::string target;  // path and query, at least "/"
  std::string Origin() const;
};
Result<Url> ParseUrl(std::string_view url);

std::string EncodePathSegment(std::string_view segment);

std::string ResolveReference(std::string_view base_url, std::string_view target);

}  // namespace revento::client::http
