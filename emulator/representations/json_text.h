// Cheap JSON text for the Read API's hot path: appends JSON values to a
// std::string without building a DOM. The output is byte-identical to
// nlohmann::json::dump() of the same value (no spaces; strings escaped the
// same way: \" \\ \b \f \n \r \t, other control characters as \u00xx,
// everything else verbatim; invalid UTF-8 bytes become U+FFFD each), so that
// a representation written here equals its nlohmann form
// (tests/emulator/representations/json_text_test.cc).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace revento::emulator {

void AppendJsonString(std::string& out, std::string_view text);
void AppendJsonInt(std::string& out, int64_t value);
// "2026-12-01T09:00:00Z" in quotes, as IsoTimestampFromUnix writes it.
void AppendJsonTime(std::string& out, int64_t unix_seconds);
// A time, or null.
void AppendJsonTime(std::string& out, const std::optional<int64_t>& unix_seconds);

}  // namespace revento::emulator
