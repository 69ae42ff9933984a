// Pieces of the console's HTML.
//
// Every value that comes from the sandbox (names, ids, messages, JSON) goes
// through Esc, which is http::HtmlEscape, the emulator's one HTML-escaping
// helper; only markup literals written in the console's source are emitted
// as they are. Attribute values are always double-quoted, so the same escape
// serves text and attributes.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revento::emulator::console {

std::string Esc(std::string_view text);
// A JSON value as text, escaped: a string as itself, null as an em dash,
// anything else as compact JSON.
std::string EscJson(const nlohmann::json& value);
// A JSON value pretty-printed (for payloads), escaped.
std::string EscPrettyJson(const nlohmann::json& value);

// One path segment, percent-encoded (an id with '/' or '?' stays one
// segment; the server decodes it back).
std::string PathSegment(std::string_view segment);

// `path` with `query` appended, every name and value percent-encoded.
std::string Url(std::string_view path, const std::vector<std::pair<std::string, std::string>>& query);

// A form that POSTs `fields` plus return_to=`return_to` to `action`, shown
// as one button. `css_class` styles the button (e.g. "danger").
std::string ButtonForm(std::string_view action, std::string_view label, std::string_view return_to,
                       const std::vector<std::pair<std::string, std::string>>& fields = {},
                       std::string_view css_class = "");

// A sandbox time (Unix seconds) as ISO 8601 UTC that never wraps.
std::string Time(int64_t unix_seconds);
// The same for a time the control plane answered (ISO text, or null).
std::string TimeJson(const nlohmann::json& value);

// <span class="badge STATUS">STATUS</span>: colors a status word.
std::string Badge(std::string_view status);

}  // namespace revento::emulator::console
