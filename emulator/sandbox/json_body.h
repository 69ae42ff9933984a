// Reading the JSON body of a /_sandbox request.
//
// ParseJsonObjectBody accepts an empty body as {} and otherwise requires
// Content-Type application/json and a JSON object nested at most kMaxJsonDepth
// (emulator/json_limits.h) levels deep. On failure it has already answered
// 400 (or 415) with the Revento error body and returns nullopt; malformed JSON
// is 400 invalid_json naming the byte, line and column (ParseBoundedJson).
// BadField answers 400 invalid_request "<field>: <problem>", the one refusal
// of a field of a parsed body (e.g. "webhook_url: missing: ...").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "emulator/http/router.h"
#include "emulator/status.h"

namespace revento::emulator::sandbox {

std::optional<nlohmann::json> ParseJsonObjectBody(http::RequestContext& ctx);

// A route that takes no body still reads one it is sent (sandbox.json-errors):
// empty or {} passes; otherwise it has answered as ParseJsonObjectBody does,
// or 400 naming the unknown field, and returns false.
bool TakesNoBody(http::RequestContext& ctx);

void BadField(http::RequestContext& ctx, std::string_view field, std::string_view problem);

}  // namespace revento::emulator::sandbox
