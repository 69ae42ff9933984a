#include "client/http/retry_after.h"

#include <array>
#include <charconv>

namespace revento::client::http {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Exactly `text.size()` decimal digits.
std::optional<int64_t> Number(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || text.front() == '-') return std::nullopt;
  return value;
}

}  // namespace

std::optional<int64_t> ParseImfFixdate(std::string_view t) {
  namespace chrono = std::chrono;
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' || t[19] != ':' ||
      t[22] != ':' || t.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto d = Number(t.substr(5, 2)), y = Number(t.substr(12, 4));
  auto hh = Number(t.substr(17, 2)), mm = Number(t.substr(20, 2)), ss = Number(t.substr(23, 2));
  unsigned m = 0;
  while (m < kMonths.size() && kMonths[m] != t.substr(8, 3)) ++m;
  if (!d || !y || !hh || !mm || !ss || m == kMonths.size()) return std::nullopt;
  const chrono::year_month_day date{chrono::year{static_cast<int>(*y)}, chrono::month{m + 1},
                                    chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok() || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
  const chrono::sys_days days{date};
  if (kWeekdays[chrono::weekday{days}.c_encoding()] != t.substr(0, 3)) return std::nullopt;
  return chrono::duration_cast<chrono::seconds>(days.time_since_epoch()).count() + *hh * 3600 + *mm * 60 + *ss;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, TimePoint now) {
  if (auto seconds = Number(value)) return std::chrono::seconds(*seconds);
  auto at = ParseImfFixdate(value);
  if (!at) return std::nullopt;
  int64_t wait = *at - UnixSeconds(now);
  return std::chrono::seconds(wait > 0 ? wait : 0);
}

}  // namespace revento::client::http
