#include "emulator/http/drain_gate.h"

namespace revento::emulator::http {

bool DrainGate::Enter() {
  std::lock_guard lock(mutex_);
  if (draining_) return false;
  ++in_flight_;
  return true;
}

void DrainGate::Leave() {
  std::lock_guard lock(mutex_);
  if (--in_flight_ == 0) idle_.notify_all();
}

void DrainGate::StartDraining() {
  std::lock_guard lock(mutex_);
  draining_ = true;
}

bool DrainGate::AwaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return in_flight_ == 0; });
}

}  // namespace revento::emulator::http
