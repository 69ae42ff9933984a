// Posting a built webhook delivery (webhook_sender.h) to a receiver's URL, as
// Revento would: POST with exactly the delivery's headers and body bytes, no
// redirect followed, one new connection per attempt, and a per-attempt
// timeout (connecting, sending, and each wait for response bytes).
//
// DeliveryTransport is the seam `revento check webhooks` grades through: the
// production one is HttpDeliveryTransport; unit tests pass a function.
// Errors: a transport failure (refused, timeout, bad URL) is an outcome with
// no status and `error` in words, never an exception. Thread safety: no
// shared state; concurrent calls are independent.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "client/status.h"
#include "client/webhooks/webhook_sender.h"

namespace revento::client::webhooks {

struct PostOutcome {
  std::optional<int> status;  // nullopt: no HTTP answer
  std::string body;           // the first KiB of the answer
  double duration_ms = 0;     // from connecting to the last response byte (or the failure)
  bool timed_out = false;
  std::string error;  // why there is no answer, in words
};

using DeliveryTransport =
    std::function<PostOutcome(const std::string& url, const Delivery& delivery, std::chrono::milliseconds timeout)>;

PostOutcome HttpDeliveryTransport(const std::string& url, const Delivery& delivery, std::chrono::milliseconds timeout);

// An absolute http(s) URL with a host; else an error saying what to pass.
Status ValidateReceiverUrl(const std::string& url);

}  // namespace revento::client::webhooks
