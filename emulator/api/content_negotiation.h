// Accept negotiation of the Read API (CONTRACT.md: absent, */*,
// application/json or application/vnd.revento.v1+json are served; another
// version is 406 unsupported_version).
//
// The Accept header (every Accept header of the request, as one list) is a
// comma-separated list of media ranges with optional parameters (RFC 9110
// 12.5.1). Media types compare case-insensitively. The request is served
// when any range with q > 0 is one of:
//   */*   application/*   application/json   application/vnd.revento.v1+json
// Otherwise it is refused with 406:
//   unsupported_version  a Revento vendor type names another version
//                        (application/vnd.revento.v2+json) or none
//                        (application/vnd.revento+json);
//   not_acceptable       anything else: text/html, application/xml, a range
//                        with q=0 only, or text that is not a media range.
// An empty Accept header counts as absent. Responses are always
// `Content-Type: application/json` (the v1 representation).
//
// Thread safety: a pure function.
#pragma once

#include <httplib.h>

#include <optional>

#include "emulator/api/api_error.h"

namespace revento::emulator::api {

// std::nullopt when the request may be served.
std::optional<ApiError> CheckAccept(const httplib::Request& req);

}  // namespace revento::emulator::api
