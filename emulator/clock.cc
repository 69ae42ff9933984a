#include "emulator/clock.h"

#include <algorithm>
#include <ctime>
#include <iterator>
#include <string>

namespace revento::emulator {

int64_t UnixSeconds(TimePoint t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixSeconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

std::string IsoTimestampFromUnix(int64_t s) {
  std::time_t tt = static_cast<std::time_t>(s);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string IsoTimestamp(TimePoint t) { return IsoTimestampFromUnix(UnixSeconds(t)); }

namespace {

// Digits only, exactly text.size() of them.
std::optional<int> Digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return text.empty() ? std::nullopt : std::optional<int>(value);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Unix seconds of a civil UTC time whose fields are each in range.
std::optional<int64_t> CivilSeconds(int year, int month, int day, int hour, int minute, int second) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

// "10:00:00" at `text`.
bool ParseClockTime(std::string_view text, int* hour, int* minute, int* second) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
  auto h = Digits(text.substr(0, 2)), m = Digits(text.substr(3, 2)), s = Digits(text.substr(6, 2));
  if (!h || !m || !s) return false;
  *hour = *h, *minute = *m, *second = *s;
  return true;
}

}  // namespace

bool ParseIsoTimestamp(std::string_view text, int64_t* out) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[19] != 'Z') return false;
  auto year = Digits(text.substr(0, 4)), month = Digits(text.substr(5, 2)), day = Digits(text.substr(8, 2));
  int hour = 0, minute = 0, second = 0;
  if (!year || !month || !day || !ParseClockTime(text.substr(11, 8), &hour, &minute, &second)) return false;
  auto seconds = CivilSeconds(*year, *month, *day, hour, minute, second);
  if (!seconds) return false;
  *out = *seconds;
  return true;
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  static constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto weekday = std::find(std::begin(kWeekdays), std::end(kWeekdays), text.substr(0, 3));
  auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3));
  auto day = Digits(text.substr(5, 2)), year = Digits(text.substr(12, 4));
  int hour = 0, minute = 0, second = 0;
  if (weekday == std::end(kWeekdays) || month == std::end(kMonths) || !day || !year ||
      !ParseClockTime(text.substr(17, 8), &hour, &minute, &second)) {
    return std::nullopt;
  }
  auto seconds = CivilSeconds(*year, static_cast<int>(month - std::begin(kMonths)) + 1, *day, hour, minute, second);
  // 1970-01-01 was a Thursday; the weekday must be the date's.
  if (!seconds || *seconds < 0 || (*seconds / 86400 + 4) % 7 != weekday - std::begin(kWeekdays)) return std::nullopt;
  return seconds;
}

TimePoint SystemClock::Now() const { return std::chrono::system_clock::now(); }

SandboxClock::SandboxClock(const Clock& base) : base_(base) {}

TimePoint SandboxClock::Now() const {
  std::lock_guard lock(mutex_);
  if (frozen_) return frozen_at_;
  return base_.Now() + offset_;
}

SandboxClock::State SandboxClock::Read() const {
  std::lock_guard lock(mutex_);
  TimePoint now = frozen_ ? frozen_at_ : base_.Now() + offset_;
  return State{now, frozen_, std::chrono::duration_cast<std::chrono::milliseconds>(offset_)};
}

void SandboxClock::Advance(std::chrono::milliseconds by) {
  {
    std::lock_guard lock(mutex_);
    if (frozen_) frozen_at_ += by;
    offset_ += by;
  }
  Notify();
}

void SandboxClock::Set(TimePoint to) {
  {
    std::lock_guard lock(mutex_);
    if (frozen_) frozen_at_ = to;
    offset_ = to - base_.Now();
  }
  Notify();
}

void SandboxClock::Freeze() {
  {
    std::lock_guard lock(mutex_);
    if (!frozen_) {
      frozen_at_ = base_.Now() + offset_;
      frozen_ = true;
    }
  }
  Notify();
}

void SandboxClock::Resume() {
  {
    std::lock_guard lock(mutex_);
    if (frozen_) {
      offset_ = frozen_at_ - base_.Now();
      frozen_ = false;
    }
  }
  Notify();
}

void SandboxClock::Reset() {
  {
    std::lock_guard lock(mutex_);
    offset_ = TimePoint::duration::zero();
    frozen_ = false;
  }
  Notify();
}

void SandboxClock::Restore(bool frozen, std::chrono::milliseconds offset, TimePoint frozen_at) {
  {
    std::lock_guard lock(mutex_);
    frozen_ = frozen;
    offset_ = offset;
    frozen_at_ = frozen_at;
  }
  Notify();
}

void SandboxClock::AddListener(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void SandboxClock::Notify() {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mutex_);
    listeners = listeners_;
  }
  for (auto& l : listeners) l();
}

}  // namespace revento::emulator
