#include "emulator/clock.h"

#include <ctime>
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
