// Text pieces the checks share when they describe an exchange: an excerpt of
// an answer's body on one line, and a duration in milliseconds.
// Thread safety: pure functions.
#pragma once

#include <string>

namespace revento::client::check {

// The first `max` characters of `text` on one line (newlines and tabs as
// spaces), "..." when cut.
std::string Excerpt(const std::string& text, size_t max = 80);

// "4.2 ms" under 10 ms, else "12 ms".
std::string Millis(double ms);

}  // namespace revento::client::check
