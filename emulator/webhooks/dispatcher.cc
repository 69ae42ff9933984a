#include "emulator/webhooks/dispatcher.h"

#include <time.h>

#include <algorithm>
#include <charconv>

#include "emulator/store/delivery_store.h"
#include "emulator/webhooks/signer.h"

namespace revento::emulator::webhooks {

namespace {

constexpr int kClaimBatch = 512;
constexpr auto kMaxIdleWait = std::chrono::seconds(30);
// A Retry-After beyond this is read as this (30 days).
constexpr int64_t kMaxRetryAfterSeconds = 30 * 86400;

// Retry-After as seconds from now: delay-seconds or an HTTP-date.
std::optional<int64_t> RetryAfterSeconds(const std::string& value, int64_t real_now) {
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    return seconds >= 0 ? std::optional<int64_t>(std::min(seconds, kMaxRetryAfterSeconds)) : std::nullopt;
  }
  auto at = ParseHttpDate(value);
  if (!at) return std::nullopt;
  return *at > real_now ? std::min(*at - real_now, kMaxRetryAfterSeconds) : 0;
}

int64_t CeilSeconds(TimePoint t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return ms >= 0 ? (ms + 999) / 1000 : ms / 1000;
}

}  // namespace

struct Dispatcher::Signal {
  std::mutex mutex;
  std::condition_variable cv;
  bool woken = false;
  void Notify() {
    {
      std::lock_guard lock(mutex);
      woken = true;
    }
    cv.notify_one();
  }
};

AttemptVerdict Judge(int64_t attempt, const OutboundResponse& r, int64_t real_now) {
  if (r.status >= 200 && r.status < 300) return {"succeeded", std::nullopt, std::nullopt};
  std::string error;
  if (r.status == 0) {
    error = r.error;
  } else if (r.status >= 300 && r.status < 400) {
    error = "HTTP " + std::to_string(r.status) +
            ": redirects are never followed and count as a failure; register the final URL as the webhook URL";
  } else {
    error = "HTTP " + std::to_string(r.status) + ": only a 2xx response acknowledges a delivery";
  }
  if (r.status == 410) {
    return {"failed", std::nullopt, "HTTP 410 Gone: the receiver asked for no more attempts; the delivery failed"};
  }
  if (attempt > static_cast<int64_t>(kRetrySchedule.size())) {
    return {"failed", std::nullopt, error + "; no retries left after " + std::to_string(attempt) + " attempts"};
  }
  int64_t delay = kRetrySchedule[attempt - 1];
  if (r.status == 429 || r.status == 503) {
    if (auto ra = RetryAfterSeconds(r.retry_after, real_now); ra && *ra > delay) delay = *ra;
  }
  return {"pending", delay, error};
}

Dispatcher::Dispatcher(Database& db, SandboxClock& clock, const Clock& real_clock, Transport& transport, Log& log,
                       DispatcherOptions options)
    : db_(db),
      clock_(clock),
      real_clock_(real_clock),
      transport_(transport),
      log_(log),
      options_(options),
      signal_(std::make_shared<Signal>()) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  {
    std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  int requeued = 0;
  {
    auto lock = db_.Lock();
    requeued = DeliveryStore(db_).RequeueInFlight();
  }
  if (requeued > 0) log_.Info("webhooks: " + std::to_string(requeued) + " interrupted deliveries back to pending");
  std::weak_ptr<Signal> weak = signal_;
  clock_.AddListener([weak] {
    if (auto signal = weak.lock()) signal->Notify();
  });
  scheduler_ = std::thread([this] { SchedulerLoop(); });
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  {
    std::lock_guard lock(signal_->mutex);
    signal_->woken = true;
  }
  signal_->cv.notify_all();
  work_ready_.notify_all();
  idle_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  // No sender starts once stopping_ is set (StartSendersLocked checks it
  // under mutex_), so workers_ no longer changes.
  for (auto& w : workers_)
    if (w.joinable()) w.join();
}

void Dispatcher::Wake() { signal_->Notify(); }

void Dispatcher::DropQueued() {
  std::lock_guard lock(mutex_);
  queue_.clear();
  idle_.notify_all();
}

int64_t Dispatcher::Flush() {
  int64_t before;
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) return 0;
    before = completed_;
  }
  ClaimAndQueue();
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (queue_.empty() && active_ == 0 && claiming_ == 0); });
  return completed_ - before;
}

std::optional<int64_t> Dispatcher::ClaimAndQueue() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return std::nullopt;
    ++claiming_;
  }
  std::optional<int64_t> next_due;
  for (;;) {
    std::vector<std::string> ids;
    {
      auto db_lock = db_.Lock();
      DeliveryStore store(db_);
      ids = store.ClaimDue(UnixSeconds(clock_.Now()), kClaimBatch);
      if (ids.size() < static_cast<size_t>(kClaimBatch)) next_due = store.NextDueAt();
    }
    {
      std::lock_guard lock(mutex_);
      for (auto& id : ids) queue_.push_back(std::move(id));
      StartSendersLocked();
    }
    if (ids.empty()) break;
    work_ready_.notify_all();
    if (ids.size() < static_cast<size_t>(kClaimBatch)) break;
  }
  {
    std::lock_guard lock(mutex_);
    --claiming_;
  }
  idle_.notify_all();
  return next_due;
}

void Dispatcher::StartSendersLocked() {
  const size_t most = static_cast<size_t>(std::max(1, options_.workers));
  while (!stopping_ && workers_.size() < most && queue_.size() > static_cast<size_t>(free_senders_)) {
    ++free_senders_;  // free until it takes a delivery
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void Dispatcher::SchedulerLoop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    std::optional<int64_t> next_due = ClaimAndQueue();
    std::chrono::milliseconds wait = kMaxIdleWait;
    if (next_due) {
      auto due = FromUnixSeconds(*next_due);
      auto now = clock_.Now();
      wait = due > now ? std::min<std::chrono::milliseconds>(
                             kMaxIdleWait, std::chrono::duration_cast<std::chrono::milliseconds>(due - now) +
                                               std::chrono::milliseconds(1))
                       : std::chrono::milliseconds(0);
    }
    std::unique_lock lock(signal_->mutex);
    signal_->cv.wait_for(lock, wait, [&] { return signal_->woken; });
    signal_->woken = false;
  }
}

void Dispatcher::WorkerLoop() {
  for (;;) {
    std::string id;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = std::move(queue_.front());
      queue_.pop_front();
      ++active_;
      --free_senders_;
    }
    try {
      Attempt(id);
    } catch (const std::exception& e) {
      log_.Error("webhooks: attempt of " + id + " failed inside the emulator: " + Redact(e.what()));
    }
    bool reschedule = false;
    {
      std::lock_guard lock(mutex_);
      --active_;
      ++free_senders_;
      ++completed_;
      reschedule = queue_.empty();
    }
    idle_.notify_all();
    if (reschedule) Wake();
  }
}

void Dispatcher::Attempt(const std::string& delivery_id) {
  std::optional<OutboundDelivery> d;
  {
    auto lock = db_.Lock();
    d = DeliveryStore(db_).LoadInFlight(delivery_id);
  }
  if (!d) return;
  DeliveryAttempt attempt;
  attempt.attempt = d->attempt_count + 1;
  attempt.started_at = UnixSeconds(clock_.Now());
  attempt.timestamp_header = UnixSeconds(real_clock_.Now());
  OutboundResponse response;
  auto started = std::chrono::steady_clock::now();
  if (d->secret.empty()) {
    response.error = "the integration has no webhook signing secret; declare webhook_events to be issued one";
  } else {
    OutboundRequest request;
    request.url = d->url;
    request.body = d->payload;
    request.timeout = options_.timeout;
    std::string timestamp = std::to_string(attempt.timestamp_header);
    request.headers = {{"Content-Type", "application/json"},
                       {"X-Revento-Event", d->type},
                       {"X-Revento-Delivery-Id", d->id},
                       {"X-Revento-Timestamp", timestamp},
                       {"X-Revento-Signature", SignatureHeader(d->secret, attempt.timestamp_header, d->payload)}};
    response = transport_.Post(request);
  }
  attempt.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (response.status != 0) {
    attempt.status_code = response.status;
    attempt.response_excerpt = response.body.substr(0, 1024);
  }
  AttemptVerdict verdict = d->secret.empty() ? AttemptVerdict{"failed", std::nullopt, response.error}
                                             : Judge(attempt.attempt, response, UnixSeconds(real_clock_.Now()));
  attempt.error = verdict.error;
  std::optional<int64_t> next_attempt_at, completed_at;
  TimePoint finished = clock_.Now();
  if (verdict.retry_delay) {
    next_attempt_at = CeilSeconds(finished) + *verdict.retry_delay;
  } else {
    completed_at = UnixSeconds(finished);
  }
  {
    auto lock = db_.Lock();
    DeliveryStore(db_).RecordAttempt(delivery_id, attempt, verdict.status, next_attempt_at, completed_at);
  }
  if (log_.Enabled(LogLevel::kDebug)) {
    log_.Debug("webhooks: " + d->type + " " + delivery_id + " attempt " + std::to_string(attempt.attempt) + " -> " +
               verdict.status + (verdict.error ? " (" + *verdict.error + ")" : ""));
  }
}

}  // namespace revento::emulator::webhooks
