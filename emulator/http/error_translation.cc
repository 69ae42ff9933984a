#include "emulator/http/error_translation.h"

#include "emulator/http/errors.h"

namespace revento::emulator::http {

namespace {

std::string_view RefusalCode(int status, Area area) {
  if (area == Area::kOAuth) return "invalid_request";
  switch (status) {
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 431:
      return "request_header_fields_too_large";
    default:
      return "invalid_request";
  }
}

std::string ParserRefusalReason(const httplib::Request& req, int status) {
  // httplib refuses form bodies over 8 KiB itself (413).
  if (status == 413 && req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
    return "The form body is larger than 8 KiB; no OAuth request needs that much. Check for a runaway parameter.";
  }
  if (status == 413) return "The request body is larger than the sandbox accepts (1 MiB).";
  if (status == 411 || status == 400) {
    return "The request could not be read as HTTP/1.1: check the request line and the headers.";
  }
  return "The sandbox's HTTP layer refused the request.";
}

}  // namespace

void SendRefusal(RequestContext& ctx, const Refusal& refusal) {
  Area area = AreaOf(ctx.req.path);
  SendError(ctx, area, refusal.status, RefusalCode(refusal.status, area), refusal.reason);
}

void SendInternalError(RequestContext& ctx) {
  Area area = AreaOf(ctx.req.path);
  ctx.res.headers.erase("Location");
  SendError(ctx, area, 500, InternalErrorCode(area),
            "The sandbox failed to handle this request; this is a sandbox bug, not yours. Request id " +
                ctx.request_id + ".");
}

void SendShuttingDown(RequestContext& ctx) {
  ctx.res.set_header("Connection", "close");
  SendError(ctx, AreaOf(ctx.req.path), 503, "shutting_down", "The sandbox is shutting down.");
}

void TranslateParserRefusal(const httplib::Request& req, httplib::Response& res, IdSource& ids, Log& log) {
  if (!res.body.empty()) return;
  std::string request_id = res.get_header_value("X-Revento-Request-Id");
  if (request_id.empty()) {
    request_id = ids.NewId("req_", 10);
    res.set_header("X-Revento-Request-Id", request_id);
    log.Info(req.method + " " + req.path + " " + std::to_string(res.status) + " refused by the HTTP parser " +
             request_id);
  }
  RequestContext ctx{req, res, request_id, {}, {}};
  Area area = AreaOf(req.path);
  // OAuth has no payload error code: RFC 6749 calls any malformed request invalid_request.
  SendError(ctx, area, res.status, res.status == 413 && area != Area::kOAuth ? "payload_too_large" : "invalid_request",
            ParserRefusalReason(req, res.status));
}

std::string OverCapResponse(size_t max_connections, std::string_view request_id) {
  std::string body = R"({"error":{"code":"too_many_connections","message":"The sandbox already serves )" +
                     std::to_string(max_connections) +
                     R"( connections; close idle keep-alive connections or retry.","request_id":")" +
                     std::string(request_id) + R"("}})";
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nRetry-After: 1\r\nX-Revento-Request-Id: " + std::string(request_id) +
         "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace revento::emulator::http
