// Turning command-line overrides into one JSON merge patch (RFC 7386) on a
// webhook's `data`, the way `stripe trigger --override` users expect:
//   --data JSON | --data @FILE   a JSON object, the base patch
//   --set path=value ...         applied on top, in order; `path` is dot
//                                separated (applicant.name=Ada); `value` is
//                                parsed as JSON when it is valid JSON (42,
//                                true, null, "42", {"a":1}) and taken as a
//                                plain string otherwise (Zoë); null removes
//                                the key, as in any merge patch.
// Errors: --data not an object or an unreadable file, a --set without `=` or
// with an empty path segment; each message says what to write instead.
// Thread safety: pure functions (ReadDataArgument reads the named file).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/status.h"

namespace revento::client::webhooks {

// `text` is JSON, or @path to a file holding JSON; must be an object.
Result<nlohmann::ordered_json> ReadDataArgument(const std::string& text);

// The merge patch of --data (may be empty: {}) and the --set assignments.
Result<nlohmann::ordered_json> BuildOverrides(const std::string& data_argument, const std::vector<std::string>& sets);

}  // namespace revento::client::webhooks
