// Reading the JSON body of a /_sandbox request.
//
// ParseJsonObjectBody accepts an empty body as {} and otherwise requires
// Content-Type application/json and a JSON object nested at most kMaxJsonDepth
// (emulator/json_limits.h) levels deep. On failure it has already
// answered 400 (or 415) with the Revento error body and returns nullopt.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "emulator/http/router.h"

namespace revento::emulator::sandbox {

std::optional<nlohmann::json> ParseJsonObjectBody(http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
