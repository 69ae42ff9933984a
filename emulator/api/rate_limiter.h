// Per-token rate limiting of the Read API (`--rate-limit N` requests per
// minute per access token; CONTRACT.md: 429 rate_limited with Retry-After).
//
// Fixed windows of 60 seconds aligned to the minute on the sandbox clock:
// each token may make `limit` requests in a window; the next one is refused
// until the window ends. Advancing the sandbox clock past the window end
// (POST /_sandbox/clock) therefore restores the budget at once, and nothing
// depends on real time. A window of a token that made no request for a
// minute is forgotten.
//
// Thread safety: Take may be called concurrently.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace revento::emulator::api {

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;
  int64_t remaining = 0;    // after this request
  int64_t reset_at = 0;     // sandbox Unix seconds when the window ends
  int64_t retry_after = 0;  // seconds until then, at least 1
};

class RateLimiter {
 public:
  explicit RateLimiter(int64_t per_minute) : limit_(per_minute) {}

  // Counts one request of `key` at sandbox time `now_unix`.
  RateDecision Take(std::string_view key, int64_t now_unix);

 private:
  struct Window {
    int64_t start = 0;
    int64_t count = 0;
  };
  void ForgetStaleWindows(int64_t current_start);

  const int64_t limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  int64_t last_sweep_ = 0;
};

}  // namespace revento::emulator::api
