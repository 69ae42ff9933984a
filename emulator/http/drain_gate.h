// The requests in flight, and the gate that closes when the server drains.
//
// The request pipeline enters the gate for each routed request (Enter) and
// leaves it once the response is built (a Pass, made once Enter() returned
// true, leaves when it ends). Once StartDraining()
// has run, Enter() refuses (the pipeline then answers 503), and
// AwaitIdle() returns as soon as no request is in flight.
//
// Errors: AwaitIdle() returns false when `timeout` passes first.
// Thread safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace revento::emulator::http {

class DrainGate {
 public:
  // Leaves the gate when it ends.
  class Pass {
   public:
    explicit Pass(DrainGate& gate) : gate_(gate) {}
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass() { gate_.Leave(); }

   private:
    DrainGate& gate_;
  };

  // True and counted in, or false once draining.
  [[nodiscard]] bool Enter();
  void Leave();
  void StartDraining();
  bool AwaitIdle(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
  bool draining_ = false;
};

}  // namespace revento::emulator::http
