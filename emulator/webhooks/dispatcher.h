// The dispatcher: sends pending deliveries from the delivery log with a pool
// of senders, and schedules retries on the sandbox clock.
//
// Rules (CONTRACT.md "Webhooks", docs/webhooks.md):
//   - The first attempt is immediate. An attempt succeeds on a 2xx within the
//     per-attempt timeout; anything else fails it: another status, a redirect
//     (never followed), a timeout, a refused connection.
//   - After the Nth failed attempt the next one is due on the sandbox clock
//     kRetrySchedule[N-1] seconds after the failure (5 s, 5 min, 30 min, 2 h,
//     5 h, 10 h, 10 h). On 429 or 503 a Retry-After (seconds or HTTP-date)
//     longer than that delay is used instead. After the 8th attempt fails, or
//     at once on 410, the delivery is failed.
//   - Each attempt is signed afresh (signer.h) with X-Revento-Timestamp taken
//     from the real clock (not the sandbox clock); retries keep the id.
//   - Every attempt is appended to the log: sandbox time, status, duration,
//     the first KiB of the response, the error.
// Advancing or setting the sandbox clock wakes the scheduler, so due retries
// go out at once. Each sender handles one attempt at a time, so a receiver
// that hangs holds one sender for at most the timeout and delays nobody else
// while others are free. Senders start on demand: none at Start(), one more
// whenever a delivery is queued and every sender is busy, up to `workers`;
// they then stay until Stop() (an emulator that never sends a webhook never
// starts one, which keeps start-up short).
//
// Durability: deliveries are rows; Start() puts rows left in flight by a
// previous process back to pending, and everything due is then sent.
//
// Lifecycle: construct, Start() once, Stop() (or destroy) before the
// database closes; Stop() waits for attempts in progress (at most the
// timeout). Thread safety: every public method may be called from any thread.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "emulator/clock.h"
#include "emulator/log.h"
#include "emulator/store/database.h"
#include "emulator/webhooks/transport.h"

namespace revento::emulator::webhooks {

inline constexpr std::array<int64_t, 7> kRetrySchedule{5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600};

struct DispatcherOptions {
  int workers = 8;
  std::chrono::milliseconds timeout{10'000};
};

// What an attempt's outcome does to its delivery.
struct AttemptVerdict {
  std::string status;                  // succeeded | failed | pending
  std::optional<int64_t> retry_delay;  // seconds, when pending
  std::optional<std::string> error;    // why it failed, in words
};

// The rules above as a pure function: `attempt` is 1-based; `retry_after`
// the header as received; `real_now` the real Unix time (for HTTP-dates).
AttemptVerdict Judge(int64_t attempt, const OutboundResponse& response, int64_t real_now);

class Dispatcher {
 public:
  Dispatcher(Database& db, SandboxClock& clock, const Clock& real_clock, Transport& transport, Log& log,
             DispatcherOptions options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void Start();
  void Stop();

  // Something may have become due (a new delivery, a clock change).
  void Wake();
  // Forgets claimed deliveries not yet started (after a sandbox reset).
  void DropQueued();
  // Sends every delivery due now and waits until all attempts in progress
  // have finished. Returns the number of attempts completed meanwhile.
  int64_t Flush();

 private:
  struct Signal;
  void SchedulerLoop();
  void WorkerLoop();
  // Starts senders while queued deliveries outnumber the free ones (up to
  // options_.workers). Called with mutex_ held.
  void StartSendersLocked();
  // Claims every due delivery and queues it; returns the next due time.
  std::optional<int64_t> ClaimAndQueue();
  void Attempt(const std::string& delivery_id);

  Database& db_;
  SandboxClock& clock_;
  const Clock& real_clock_;
  Transport& transport_;
  Log& log_;
  DispatcherOptions options_;

  std::shared_ptr<Signal> signal_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable idle_;
  std::deque<std::string> queue_;
  int active_ = 0;
  int free_senders_ = 0;  // started senders not in an attempt
  int claiming_ = 0;
  int64_t completed_ = 0;
  bool stopping_ = false;
  bool started_ = false;
  std::thread scheduler_;
  std::vector<std::thread> workers_;  // grows under mutex_ until stopping_
};

}  // namespace revento::emulator::webhooks
