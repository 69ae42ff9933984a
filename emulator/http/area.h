// Error areas: which error body (http/errors.h) a path answers with, decided
// once, by path prefix, for every answer the server gives: a route's own
// refusals and its 405, the 404 of an unknown path, and the answers given
// before or around routing (the connection layer's 400/408/413/414/431, a
// 500 from a handler, the 503 of a draining server, an injected fault).
//
//   /oauth/authorize..., /oauth/consent...   kHtml    (a browser is there)
//   /oauth..., /.well-known...               kOAuth   (RFC 6749 JSON)
//   /_sandbox/console...                     kHtml
//   /_sandbox...                             kSandbox (Revento error body)
//   anything else (/api/v1...)               kApi     (Revento error body)
//
// Prefixes are plain string prefixes of the path, without its query.
// Routes do not declare an area: a new route gets its prefix's.
// Thread safety: pure function.
#pragma once

#include <string_view>

namespace revento::emulator::http {

enum class Area { kOAuth, kApi, kSandbox, kHtml };

Area AreaOf(std::string_view path);

}  // namespace revento::emulator::http
