// A refusal of the Read API, as a value.
//
// Every check of the Read API (bearer token, rate limit, Accept, binding,
// scope, parameters, resource) returns an ApiError when it refuses; the
// pipeline sends it with http::SendReventoError, so that every refusal has the
// Revento body {"error": {"code", "message", "request_id"}}. A 401 also
// carries `WWW-Authenticate: Bearer realm="revento", error="...",
// error_description="..."` (RFC 6750 3), and a 403 insufficient_scope adds
// the scope it needs. docs/api.md lists every code.
// Thread safety: plain values and a stateless function.
#pragma once

#include <string>

#include "emulator/http/router.h"

namespace revento::emulator::api {

struct ApiError {
  int status = 400;
  std::string code;
  std::string message;
  // Set for insufficient_scope: the scope the endpoint needs.
  std::string required_scope;
};

// Sets WWW-Authenticate on 401 and on 403 insufficient_scope, then the body.
void SendApiError(http::RequestContext& ctx, const ApiError& error);

}  // namespace revento::emulator::api
