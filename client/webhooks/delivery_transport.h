// Posting a built webhook delivery (webhook_sender.h) to a receiver's URL, as
// Revento would: POST with exactly the delivery's headers and body bytes, no
// redirect followed, one new connection per attempt, and a per-attempt
// timeout for the whole exchange (connecting, sending and the whole answer,
// however slowly it trickles). The answer is capped (kReceiverAnswerLimits:
// 100 header lines, 16 KiB of headers, 64 KiB of body); past a cap the
// attempt has no status and `error` names the cap. Through
// http::MakeHttpTransport (client/http/connection.h).
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

#include "client/http/connection.h"
#include "client/status.h"
#include "client/webhooks/webhook_sender.h"

namespace revento::client::webhooks {

inline constexpr http::ResponseLimits kReceiverAnswerLimits{100, 16 * 1024, 64 * 1024};

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
