#include "emulator/sandbox/json_body.h"

#include "emulator/http/errors.h"
#include "emulator/json_limits.h"

namespace revento::emulator::sandbox {

std::optional<nlohmann::json> ParseJsonObjectBody(http::RequestContext& ctx) {
  if (ctx.req.body.empty()) return nlohmann::json::object();
  std::string type = ctx.req.get_header_value("Content-Type");
  if (!type.starts_with("application/json")) {
    http::SendReventoError(ctx.res, 415, "unsupported_media_type",
                           "Send the body as JSON with Content-Type: application/json (got \"" + type + "\").",
                           ctx.request_id);
    return std::nullopt;
  }
  auto body = ParseBoundedJson(ctx.req.body);
  if (!body) {
    http::SendReventoError(ctx.res, 400, "invalid_json", body.error().message, ctx.request_id);
    return std::nullopt;
  }
  if (!body->is_object()) {
    http::SendReventoError(ctx.res, 400, "invalid_json", "The body must be a JSON object.", ctx.request_id);
    return std::nullopt;
  }
  return std::move(*body);
}

bool TakesNoBody(http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return false;
  if (body->empty()) return true;
  BadField(ctx, body->begin().key(), "unknown field (this route takes no body)");
  return false;
}

void BadField(http::RequestContext& ctx, std::string_view field, std::string_view problem) {
  http::SendReventoError(ctx.res, 400, "invalid_request", std::string(field) + ": " + std::string(problem),
                         ctx.request_id);
}

}  // namespace revento::emulator::sandbox
