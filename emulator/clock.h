// Time as the sandbox sees it.
//
// Every expiry (authorization codes, access tokens, consent ids) and every
// webhook retry schedule reads a Clock; no logic calls system_clock::now()
// directly. SystemClock is the production source of real time. SandboxClock
// layers the sandbox control plane on top of a base clock: real time plus an
// offset, or frozen at an instant. Tests inject a fake base clock and advance
// it; nothing ever sleeps to wait for time.
//
// Thread safety: all methods of SystemClock and SandboxClock may be called
// concurrently from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace revento::emulator {

using TimePoint = std::chrono::system_clock::time_point;
using std::chrono::seconds;

// The range of instants the sandbox clock can show (docs/emulator.md): from
// 1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z. A TimePoint counts
// nanoseconds in 64 bits and ends in 2262, so a clock set or advanced beyond
// this range would overflow; the control plane refuses such requests (400).
inline constexpr int64_t kEarliestSandboxUnix = 0;
inline constexpr int64_t kLatestSandboxUnix = 7258118399;
inline constexpr const char* kLatestSandboxTime = "2199-12-31T23:59:59Z";

// Whole Unix seconds of a time point, rounding toward the past.
int64_t UnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(int64_t s);
// "2026-11-27T10:00:00Z" for a time point (second precision, UTC).
std::string IsoTimestamp(TimePoint t);
std::string IsoTimestampFromUnix(int64_t s);
// The one strict reader of "2026-11-27T10:00:00Z" (exactly that shape, UTC):
// every field in its range for its month and year (2026-02-31 and 24:00:00
// are refused, never rolled over). Used by fixtures, the clock and the
// journal's `since`.
bool ParseIsoTimestamp(std::string_view text, int64_t* out);
// An HTTP-date in the IMF-fixdate form of RFC 9110 5.6.7
// ("Sun, 06 Nov 1994 08:49:37 GMT"), strictly, as Unix seconds.
std::optional<int64_t> ParseHttpDate(std::string_view text);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// The sandbox clock: base time plus an offset, or frozen.
class SandboxClock final : public Clock {
 public:
  struct State {
    TimePoint now;
    bool frozen;
    std::chrono::milliseconds offset;  // now - base clock's now
  };
  using Listener = std::function<void()>;

  // `base` must outlive this object.
  explicit SandboxClock(const Clock& base);

  TimePoint Now() const override;
  State Read() const;

  // Moves sandbox time forward by `by` (must be >= 0); keeps frozen/running.
  void Advance(std::chrono::milliseconds by);
  // Jumps to `to`; keeps frozen/running. Now() then reads exactly `to` (not
  // a fraction of a second before it) until time moves on.
  void Set(TimePoint to);
  // Stops time at the current sandbox instant.
  void Freeze();
  // Lets time run again from the current sandbox instant.
  void Resume();
  // Back to real time: no offset, running.
  void Reset();
  // Exactly a saved state (a state import): running at `offset` from the
  // base clock, or frozen at `frozen_at`.
  void Restore(bool frozen, std::chrono::milliseconds offset, TimePoint frozen_at);

  // Called (outside the lock) after every change above, so that schedulers
  // can wake up and look for work that became due.
  void AddListener(Listener listener);

 private:
  void Notify();

  const Clock& base_;
  mutable std::mutex mutex_;
  // Kept at the base clock's own precision: rounding it to milliseconds
  // would make a clock set to 09:00:00 read 08:59:59.999.
  TimePoint::duration offset_{0};
  bool frozen_ = false;
  TimePoint frozen_at_{};
  std::vector<Listener> listeners_;
};

}  // namespace revento::emulator
