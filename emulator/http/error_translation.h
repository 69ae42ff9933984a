// The error bodies of answers the server gives around the router: a
// connection-layer refusal, a handler that threw, a request that arrives
// while the server drains, cpp-httplib's own refusals, and the 503 of a
// connection over the cap. Each is the path's area's body (http/area.h,
// built by http/errors.h), with a message that says what to do.
//
//   refusal (400/408/413/414/431)  code by status (request_timeout,
//                                  payload_too_large, uri_too_long,
//                                  request_header_fields_too_large, else
//                                  invalid_request); always invalid_request
//                                  under /oauth (RFC 6749 has no other)
//   handler threw                  500, InternalErrorCode(area), naming the
//                                  request id; any Location is removed
//   draining                       503 shutting_down, Connection: close
//   cpp-httplib's refusal          its status; payload_too_large for a 413
//                                  outside /oauth, else invalid_request
//   over the connection cap        raw 503 too_many_connections, Retry-After
//
// Thread safety: stateless functions (TranslateParserRefusal writes one log
// line through `log`, which is thread-safe).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "emulator/http/carried_refusal.h"
#include "emulator/http/router.h"
#include "emulator/ids.h"
#include "emulator/log.h"

namespace revento::emulator::http {

void SendRefusal(RequestContext& ctx, const Refusal& refusal);
void SendInternalError(RequestContext& ctx);
void SendShuttingDown(RequestContext& ctx);

// cpp-httplib's error handler: gives a body to a refusal of its parser (a
// bad request line, a form body over 8 KiB), which arrives without one, and
// a request id when it has none (logging the refusal then). A response that
// already has a body is left as it is.
void TranslateParserRefusal(const httplib::Request& req, httplib::Response& res, IdSource& ids, Log& log);

// The whole HTTP/1.1 response to a connection refused over the cap of
// `max_connections`.
std::string OverCapResponse(size_t max_connections, std::string_view request_id);

}  // namespace revento::emulator::http
