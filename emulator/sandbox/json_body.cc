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
  if (auto at = FindJsonNestingBeyond(ctx.req.body, kMaxJsonDepth)) {
    http::SendReventoError(ctx.res, 400, "invalid_json",
                           "The JSON body nests deeper than " + std::to_string(kMaxJsonDepth) +
                               " levels of arrays and objects (at byte " + std::to_string(*at) +
                               "); the sandbox accepts at most " + std::to_string(kMaxJsonDepth) + ".",
                           ctx.request_id);
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(ctx.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    http::SendReventoError(ctx.res, 400, "invalid_json", "The body must be a JSON object.", ctx.request_id);
    return std::nullopt;
  }
  return body;
}

}  // namespace revento::emulator::sandbox
