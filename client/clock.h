// The client's view of time: what time it is, and waiting.
//
// TokenManager reads Now() to refresh ahead of expiry; ApiClient calls
// SleepFor() between retries. Production code uses SystemClock; unit tests
// inject a mock (GoogleMock) or a fake so they never really wait.
// Thread safety: implementations must allow concurrent calls; SystemClock does.
#pragma once

#include <chrono>

namespace revento::client {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() override;
  void SleepFor(std::chrono::milliseconds duration) override;
};

// The process-wide SystemClock (stateless), for defaults.
Clock& DefaultClock();

inline int64_t UnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace revento::client
