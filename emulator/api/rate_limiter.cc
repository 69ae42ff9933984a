#include "emulator/api/rate_limiter.h"

namespace revento::emulator::api {

namespace {
constexpr int64_t kWindowSeconds = 60;

int64_t WindowStart(int64_t now) {
  int64_t r = now % kWindowSeconds;
  if (r < 0) r += kWindowSeconds;
  return now - r;
}
}  // namespace

void RateLimiter::ForgetStaleWindows(int64_t current_start) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.start != current_start)
      it = windows_.erase(it);
    else
      ++it;
  }
}

RateDecision RateLimiter::Take(std::string_view key, int64_t now_unix) {
  int64_t start = WindowStart(now_unix);
  RateDecision d;
  d.limit = limit_;
  d.reset_at = start + kWindowSeconds;
  d.retry_after = d.reset_at - now_unix;
  std::lock_guard lock(mutex_);
  if (start != last_sweep_) {
    ForgetStaleWindows(start);
    last_sweep_ = start;
  }
  auto it = windows_.find(std::string(key));
  if (it == windows_.end()) it = windows_.emplace(std::string(key), Window{start, 0}).first;
  Window& w = it->second;
  if (w.start != start) w = Window{start, 0};
  if (w.count >= limit_) {
    d.allowed = false;
    d.remaining = 0;
    return d;
  }
  ++w.count;
  d.remaining = limit_ - w.count;
  return d;
}

}  // namespace revento::emulator::api
