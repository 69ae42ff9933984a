// Grading an integration's webhook receiver against the contract
// (`revento check webhooks`): sends a series of deliveries built by
// WebhookSender to the receiver's URL and grades each answer.
//
// The checks, in order (id, what is sent, what passes):
//   1   valid           a valid signed delivery                     2xx within the timeout
//   2a  wrong-signature one hex digit of the signature changed       4xx
//   2b  wrong-secret    signed with another secret                   4xx
//   3a  signature-missing  no X-Revento-Signature                   4xx
//   3b  signature-empty    an empty X-Revento-Signature              4xx
//   3c  no-prefix       the right hex digest without "sha256="       4xx
//   3d  uppercase-hex   the right digest in uppercase hex            4xx
//   4a  stale-timestamp correctly signed, timestamp 301 s old        4xx
//   4b  future-timestamp correctly signed, 301 s in the future       4xx
//   5a  body-changed    one byte of the body changed after signing   4xx
//   5b  body-respaced   the same JSON re-spaced after signing        4xx
//   6   raw-bytes       correctly signed non-ASCII UTF-8 body with
//                       unusual spacing                              2xx
//   7   retry           the same delivery id twice (re-signed)       2xx both times
//   8   response-time   p50 and max of every attempt above           no attempt over the timeout
// Checks 2a-5b are rows of one table (what is sent, the likely bug, the fix,
// the key of the rule and its code in Node, Python and Go in fix_catalog.h);
// 1, 6, 7 and 8 are named functions. A failed check carries the rule and
// its fix per language.
// A 4xx check fails on a 2xx (the receiver accepted a forgery), on a 5xx or
// 3xx (Revento would retry it), and on no answer. Every result carries what
// was sent and what came back and, on failure, the likely bug and its fix.
//
// The receiver is reached through a DeliveryTransport (the seam unit tests
// replace); the per-attempt timeout defaults to the contract's 10 s.
// Errors: none as values: an unreachable receiver fails the checks, naming
// the transport error. Thread safety: Run() is not reentrant; one checker per
// thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/check/check_result.h"
#include "client/webhooks/delivery_transport.h"
#include "client/webhooks/webhook_sender.h"

namespace revento::client::check {

// One row of the table of deliveries that must be refused (webhook_checks.cc).
struct RefusedDelivery;

struct CheckWebhooksConfig {
  std::string url;
  std::string secret;
  std::chrono::milliseconds timeout{10'000};
};

class WebhookChecker {
 public:
  WebhookChecker(CheckWebhooksConfig config, webhooks::DeliveryTransport transport = webhooks::HttpDeliveryTransport,
                 const webhooks::WebhookSender& sender = DefaultSender());

  std::vector<CheckResult> Run();

  static const webhooks::WebhookSender& DefaultSender();

 private:
  // One delivery and its answer; Describe() turns it into a report Exchange.
  struct Attempt {
    webhooks::Delivery delivery;
    webhooks::PostOutcome outcome;
  };
  Attempt Send(const webhooks::Delivery& delivery);
  CheckResult Expect4xx(const RefusedDelivery& row);
  // Grades `r` on every attempt answering 2xx within the timeout; a refusal
  // is graded with the bug, the fix and the rule (fix_catalog.h key) given.
  void Expect2xx(CheckResult& r, const std::vector<Attempt>& attempts, std::string refused_bug, std::string refused_fix,
                 std::string_view fix_key) const;
  CheckResult CheckValid();
  CheckResult CheckRawBytes();
  CheckResult CheckRetry();
  CheckResult CheckResponseTime() const;
  webhooks::DeliverySpec Spec(webhooks::Variant variant) const;

  CheckWebhooksConfig config_;
  webhooks::DeliveryTransport transport_;
  const webhooks::WebhookSender& sender_;
  std::vector<double> durations_ms_;  // of the attempts that got an answer or timed out
  int attempts_ = 0;
  std::vector<std::string> slow_;  // attempts over the timeout, described
};

}  // namespace revento::client::check
