#include "tests/support/fake_clock.h"

namespace revento::testing {

FakeClock::FakeClock(emulator::TimePoint start) : now_(start) {}

emulator::TimePoint FakeClock::Now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void FakeClock::Advance(std::chrono::milliseconds by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

void FakeClock::Set(emulator::TimePoint to) {
  std::lock_guard lock(mutex_);
  now_ = to;
}

}  // namespace revento::testing
