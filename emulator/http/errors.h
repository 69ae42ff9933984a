// The one place each error body is built.
//
//   OAuth   RFC 6749 5.2 JSON: {"error", "error_description"}, with
//           Cache-Control: no-store. 401 adds WWW-Authenticate when given.
//   Revento {"error": {"code", "message", "request_id"}} for /api/v1 and the
//           /_sandbox JSON control plane.
//   HTML    a small page with the status, a title and the problem in words,
//           for routes a browser visits (authorize, consent, console).
//
// Every message says what the integration did wrong and how to fix it.
// Thread safety: stateless functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "emulator/http/router.h"

namespace revento::emulator::http {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

void SendOAuthError(httplib::Response& res, int status, std::string_view error, std::string_view description);

void SendReventoError(httplib::Response& res, int status, std::string_view code, std::string_view message,
                      std::string_view request_id);

// Every HTML page carries these (the server adds them to any text/html
// response): a Content-Security-Policy that allows no script, no plugin and
// no framing (inline styles only), X-Content-Type-Options: nosniff and
// X-Frame-Options: DENY. Each replaces any earlier value, so setting them
// twice is harmless.
void SetHtmlSecurityHeaders(httplib::Response& res);

// `title` and `detail` are plain text; they are escaped here.
void SendHtmlError(httplib::Response& res, int status, std::string_view title, std::string_view detail);

// Picks the body by area. For kOAuth and kHtml, `code` becomes the OAuth
// error or the page title.
void SendError(RequestContext& ctx, Area area, int status, std::string_view code, std::string_view message);

// The code of a 500 in `area`: "server_error" on /oauth (RFC 6749 4.1.2.1),
// "internal_error" on the API and the control plane.
std::string_view InternalErrorCode(Area area);

std::string HtmlEscape(std::string_view text);

}  // namespace revento::emulator::http
