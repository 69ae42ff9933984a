#include "client/clock.h"

#include <thread>

namespace revento::client {

TimePoint SystemClock::Now() { return std::chrono::system_clock::now(); }

void SystemClock::SleepFor(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

Clock& DefaultClock() {
  static SystemClock clock;
  return clock;
}

}  // namespace revento::client
