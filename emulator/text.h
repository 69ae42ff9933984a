// Small text helpers for protocol text (header values, media types, cookie
// pairs, form bodies): ASCII only, never locale-dependent.
//
// Trim removes HTTP optional whitespace (space and tab, RFC 9110 5.6.3) from
// both ends; Lower folds A-Z only. ForEachFormPair splits
// application/x-www-form-urlencoded text (a body or a query string) into its
// raw, still-encoded name and value; FormDecode decodes '+' and %XX, strictly
// (false on a malformed escape, for the OAuth endpoints) or leniently (a
// malformed escape is kept as sent, for the journal, which shows what came).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace revento::emulator {

std::string_view Trim(std::string_view text);
std::string Lower(std::string_view text);

// Calls `pair(raw_name, raw_value)` for each non-empty '&'-separated segment
// of `text`, in order; a segment without '=' has an empty value.
template <typename PairFn>
void ForEachFormPair(std::string_view text, PairFn&& pair) {
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view segment = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (segment.empty()) continue;
    size_t eq = segment.find('=');
    pair(segment.substr(0, eq), eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1));
  }
}

enum class Escapes { kStrict, kLenient };
// Replaces `out` with the decoded text; false (strict only) on a '%' not
// followed by two hex digits.
bool FormDecode(std::string_view in, std::string& out, Escapes escapes);

}  // namespace revento::emulator
