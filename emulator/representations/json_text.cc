#include "emulator/representations/json_text.h"

#include <charconv>
#include <chrono>

#include "emulator/clock.h"

namespace revento::emulator {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 if it is invalid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  uint32_t cp = c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// The days (since 1970-01-01) of the years written with four digits.
constexpr int64_t kFirstFourDigitDay =
    std::chrono::sys_days{std::chrono::year{1000} / 1 / 1}.time_since_epoch().count();
constexpr int64_t kLastFourDigitDay =
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}.time_since_epoch().count();

void Two(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    // The longest run that needs no escaping is copied at once.
    size_t run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(text, i);
      if (n == 0) {
        out.append("\xEF\xBF\xBD");
        ++i;
      } else {
        out.append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default: {
        char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(escaped, sizeof escaped);
      }
    }
    ++i;
  }
  out.push_back('"');
}

void AppendJsonInt(std::string& out, int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

void AppendJsonTime(std::string& out, int64_t s) {
  int64_t days = s / 86400, rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  if (days < kFirstFourDigitDay || days > kLastFourDigitDay) {
    AppendJsonString(out, IsoTimestampFromUnix(s));
    return;
  }
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  auto year = static_cast<unsigned>(static_cast<int>(date.year()));
  auto month = static_cast<unsigned>(date.month());
  auto day = static_cast<unsigned>(date.day());
  // "YYYY-MM-DDTHH:MM:SSZ" with its quotes: 22 characters.
  char buf[22] = {'"', 0, 0, 0, 0, '-', 0, 0, '-', 0, 0, 'T', 0, 0, ':', 0, 0, ':', 0, 0, 'Z', '"'};
  buf[1] = static_cast<char>('0' + year / 1000);
  buf[2] = static_cast<char>('0' + year / 100 % 10);
  buf[3] = static_cast<char>('0' + year / 10 % 10);
  buf[4] = static_cast<char>('0' + year % 10);
  Two(buf + 6, month);
  Two(buf + 9, day);
  Two(buf + 12, static_cast<unsigned>(rem / 3600));
  Two(buf + 15, static_cast<unsigned>(rem / 60 % 60));
  Two(buf + 18, static_cast<unsigned>(rem % 60));
  out.append(buf, sizeof buf);
}

void AppendJsonTime(std::string& out, const std::optional<int64_t>& s) {
  if (s)
    AppendJsonTime(out, *s);
  else
    out.append("null");
}

}  // namespace revento::emulator
