// The Read API pipeline (/api/v1, CONTRACT.md "Read API", docs/api.md).
//
// ReadApi::Route wraps a resource handler with the checks every endpoint
// runs, in this order; the first refusal answers and nothing after it runs:
//   1. bearer token         401 invalid_token | token_revoked | token_expired
//   2. rate limit            429 rate_limited (+ Retry-After)
//   3. Accept                406 unsupported_version | not_acceptable
//   4. path shape            404 not_found: an encoded "/" or "\" (%2F, %5C)
//                            or a "." / ".." segment in the raw path, or an id
//                            longer than 128 characters
//   5. event binding         403 event_not_authorized
//   6. scope                 403 insufficient_scope (names the scope)
//   7. query parameters      400 invalid_parameter: a parameter the endpoint
//                            does not take, or one given twice
//   8. the handler           400 invalid_parameter / invalid_cursor for bad
//                            values, 404 not_found for unknown ids in the
//                            bound event, else 200
// From step 2 on, every response carries X-RateLimit-Limit, -Remaining and
// -Reset for the token. Method (405) and unknown paths (404) are answered by
// the router before any of this.
//
// Thread safety: Route's handlers may run concurrently; the rate limiter and
// cursor codec are thread-safe. The database lock is held twice per request,
// for one statement each: the token lookup (step 1) and the handler's read
// (step 8); steps 2 to 7 and the handler's own parameter checks (the
// cursor's HMAC) run between the two without it (read_session.h). One hold
// from the lookup to the read puts those checks under the lock; built and
// measured against this, it lost throughput (docs/PERFORMANCE.md, "The
// store"), so a request hands the lock over twice.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/api/api_error.h"
#include "emulator/api/bearer_auth.h"
#include "emulator/api/cursor.h"
#include "emulator/api/rate_limiter.h"
#include "emulator/api/read_session.h"
#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::api {

// One authorized call, as a resource handler sees it. The handler checks
// its own parameters first, without the database; then it reads what it
// needs through session.db() (which takes the database lock) and calls
// session.Release() before building the response (read_session.h).
struct ApiCall {
  http::RequestContext& ctx;
  Services& services;
  ReadSession& session;
  const Grant& grant;
  std::string_view event_id;  // the path's event: the one the token is bound to
  const CursorCodec& cursors;

  // Releases the session and sends `error`.
  void Refuse(const ApiError& error) {
    session.Release();
    SendApiError(ctx, error);
  }
};

using ApiHandler = void (*)(ApiCall& call);

// Create it with std::make_shared: each handler Route returns shares it.
class ReadApi : public std::enable_shared_from_this<ReadApi> {
 public:
  // Draws the cursor key from services.ids; reads --rate-limit.
  explicit ReadApi(Services& services);

  // `scope`: the scope the endpoint needs; `params`: the query parameters
  // it takes. The route must capture {event_id}. The handler keeps this
  // ReadApi alive.
  http::Handler Route(std::string scope, std::initializer_list<std::string_view> params, ApiHandler handler);

 private:
  void Serve(http::RequestContext& ctx, const std::string& scope, const std::vector<std::string>& params,
             ApiHandler handler);

  Services& services_;
  CursorCodec cursors_;
  RateLimiter limiter_;
};

}  // namespace revento::emulator::api
