#include "emulator/sandbox/json_body.h"

#include "emulator/http/errors.h"
#include "emulator/json_limits.h"

namespace revento::emulator::sandbox {

Result<nlohmann::json> ParseJsonText(std::string_view text) {
  if (auto at = FindJsonNestingBeyond(text, kMaxJsonDepth)) {
    return Fail("The JSON body nests deeper than " + std::to_string(kMaxJsonDepth) +
                " levels of arrays and objects (at byte " + std::to_string(*at) + "); the sandbox accepts at most " +
                std::to_string(kMaxJsonDepth) + ".");
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
    std::string what = e.what();
    size_t at = what.find("parse error");
    return Fail("Malformed JSON at byte " + std::to_string(e.byte) + ": " +
                (at == std::string::npos ? what : what.substr(at)) + ".");
  } catch (const nlohmann::json::exception& e) {
    // out_of_range.406: a number too large for a double (1e999) is thrown
    // as another kind than a syntax error.
    std::string what = e.what();
    size_t at = what.find("] ");
    return Fail("Unusable JSON: " + (at == std::string::npos ? what : what.substr(at + 2)) +
                "; every number must fit a double.");
  }
}

std::optional<nlohmann::json> ParseJsonObjectBody(http::RequestContext& ctx) {
  if (ctx.req.body.empty()) return nlohmann::json::object();
  std::string type = ctx.req.get_header_value("Content-Type");
  if (!type.starts_with("application/json")) {
    http::SendReventoError(ctx.res, 415, "unsupported_media_type",
                           "Send the body as JSON with Content-Type: application/json (got \"" + type + "\").",
                           ctx.request_id);
    return std::nullopt;
  }
  auto body = ParseJsonText(ctx.req.body);
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

void BadField(http::RequestContext& ctx, std::string_view field, std::string_view problem) {
  http::SendReventoError(ctx.res, 400, "invalid_request", std::string(field) + ": " + std::string(problem),
                         ctx.request_id);
}

}  // namespace revento::emulator::sandbox
