// A Clock that tests move by hand (google-cloud-cpp's FakeClock, in spirit).
// Thread safety: Now/Advance/Set may be called from any thread.
#pragma once

#include <mutex>

#include "emulator/clock.h"

namespace revento::testing {

class FakeClock final : public emulator::Clock {
 public:
  // Starts at 2026-11-27T10:00:00Z unless told otherwise.
  explicit FakeClock(emulator::TimePoint start = emulator::FromUnixSeconds(1795773600));
  emulator::TimePoint Now() const override;
  void Advance(std::chrono::milliseconds by);
  void Set(emulator::TimePoint to);

 private:
  mutable std::mutex mutex_;
  emulator::TimePoint now_;
};

}  // namespace revento::testing
