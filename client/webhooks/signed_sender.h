// Sending a signed webhook to a receiver, as Revento would: for testing an
// integration's webhook endpoint without the emulator (`revento webhooks
// send`). The signature is computed by signature_verifier.h's rules.
// Errors: a transport failure is an Error; any HTTP status is a result.
// Thread safety: no shared state.
#pragma once

#include <cstdint>
#include <string>

#include "client/status.h"

namespace revento::client::webhooks {

struct SignedWebhook {
  std::string url;          // absolute http(s) URL
  std::string secret;       // the integration's webhook signing secret
  std::string type;         // X-Revento-Event
  std::string delivery_id;  // X-Revento-Delivery-Id
  std::string body;         // sent byte for byte
  int64_t timestamp = 0;    // X-Revento-Timestamp (Unix seconds)
  int timeout_seconds = 10;
};

struct SendOutcome {
  int status = 0;
  std::string body;
};

Result<SendOutcome> SendSignedWebhook(const SignedWebhook& webhook);

}  // namespace revento::client::webhooks
