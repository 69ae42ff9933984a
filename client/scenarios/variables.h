// `${name}` substitution in step parameters.
//
// Substitute walks a JSON value and replaces `${name}` in every string
// (keys included) with the variable's text. A string that is exactly one
// reference takes the variable's JSON value as is (so `count: ${n}` stays a
// number). `$${` is a literal `${`. An unknown variable is an Error naming it
// and the variables that exist.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "client/status.h"

namespace revento::client::scenarios {

Result<nlohmann::json> Substitute(const nlohmann::json& value, const nlohmann::json& vars);
Result<std::string> SubstituteText(const std::string& text, const nlohmann::json& vars);

}  // namespace revento::client::scenarios
