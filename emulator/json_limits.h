// Parsing untrusted JSON text with a bounded nesting depth.
//
// Every JSON document the emulator reads from outside (request bodies of
// /_sandbox, fixture files) goes through ParseBoundedJson. It refuses a
// document whose arrays and objects nest deeper than kMaxJsonDepth before
// nlohmann builds anything: a deeply nested value would otherwise overflow the
// stack in nlohmann's recursive copy and crash the process (a body of 50,000
// nested arrays is 100 KB, well under the 1 MiB body limit).
//
// Errors: a Fail whose message says what to fix: the limit and the byte
// offset where the document went too deep; "Malformed JSON at byte N" with
// nlohmann's line and column for text that is not JSON; "Unusable JSON" for
// a number too large for a double. Messages are sentences, so a caller may
// prefix them with a file name or send them as an error body as they are.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "emulator/status.h"

namespace revento::emulator {

inline constexpr size_t kMaxJsonDepth = 64;

// The byte offset of the first '[' or '{' that opens level `max_depth + 1`
// (strings are skipped), or nullopt when the text never nests that deep.
// The text need not be valid JSON.
std::optional<size_t> FindJsonNestingBeyond(std::string_view text, size_t max_depth);

Result<nlohmann::json> ParseBoundedJson(std::string_view text, size_t max_depth = kMaxJsonDepth);

}  // namespace revento::emulator
