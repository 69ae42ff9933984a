// Retry-After (RFC 9110 10.2.3), as the client reads it.
//
// The header is either delay-seconds ("120") or an HTTP-date in the
// IMF-fixdate form ("Fri, 27 Nov 2026 10:10:00 GMT"). ParseRetryAfter turns
// either into the wait from `now`: a date in the past is no wait, a value
// that is neither form is nullopt (the caller falls back to its own backoff).
// Both forms are read strictly: no sign, no fraction, every date field in its
// range, the weekday the date's own.
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "client/clock.h"

namespace revento::client::http {

// "Fri, 27 Nov 2026 10:00:00 GMT" -> Unix seconds.
std::optional<int64_t> ParseImfFixdate(std::string_view text);

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, TimePoint now);

}  // namespace revento::client::http
