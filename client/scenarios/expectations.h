// Checking a step's `expect:` against its Response, and `capture:`.
//
// CheckExpectations returns the failed expectations, each one line naming
// the expectation, what was expected and what came back ("json /error/code:
// expected \"token_revoked\", got \"invalid_token\""). An empty list means
// every expectation held. Capture sources: a JSON pointer into the body
// ("/access_token"), "header:NAME", "query:NAME" (of a redirect's
// Location), "status" or "body".
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/scenarios/response.h"
#include "client/status.h"

namespace revento::client::scenarios {

std::vector<std::string> CheckExpectations(const nlohmann::json& expect, const Response& response);
Result<nlohmann::json> CaptureValue(const std::string& source, const Response& response);

}  // namespace revento::client::scenarios
