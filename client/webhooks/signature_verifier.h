// Verifying a Revento webhook delivery on the receiving side, by the
// quickstart's rules:
//   1. X-Revento-Timestamp must be present, Unix seconds (digits only), and
//      within `tolerance_seconds` (300: "five minutes is the contract") of the
//      receiver's clock, either way;
//   2. X-Revento-Signature must be present and well formed ("sha256=" and 64
//      lowercase hex digits) and equal "sha256=" + hex HMAC-SHA256(secret,
//      timestamp + "." + raw body bytes), compared in constant time.
// The raw body is the exact bytes received, never a re-serialized parse.
//
// WebhookVerifier reports every refusal as a typed Refusal with a one-line
// message that says what was wrong and how to fix it. The checks run in the
// order of the enum below, so a delivery with several problems reports the
// first. Its clock is injected (Unix seconds); the default reads the system
// clock.
//
// This is the reference client's own implementation (the emulator signs
// with separate code), so tests that verify emulator deliveries with it
// check the emulator against an independent reading of the contract.
// Thread safety: WebhookVerifier is immutable after construction and may be
// shared; the free functions are pure.
#pragma once

#include <cstdint>
#include "portable/expected.h"
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "client/status.h"

namespace revento::client::webhooks {

inline constexpr int64_t kDefaultToleranceSeconds = 300;

// Why a delivery was refused, in the order the verifier checks.
enum class Refusal {
  kMissingTimestamp,     // X-Revento-Timestamp absent or empty
  kNonNumericTimestamp,  // not Unix seconds (digits only)
  kMissingSignature,     // X-Revento-Signature absent or empty
  kMalformedSignature,   // not "sha256=" + 64 lowercase hex digits
  kStaleTimestamp,       // more than the tolerance in the past
  kFutureTimestamp,      // more than the tolerance in the future
  kMismatch,             // well formed, but not the HMAC of this secret, timestamp and body
};

// A stable snake_case name ("missing_timestamp", ..., "mismatch").
std::string_view RefusalName(Refusal refusal);

struct VerifyFailure {
  Refusal reason;
  std::string message;  // one line: what was wrong and what to do
};

// Unix seconds now.
using UnixClock = std::function<int64_t()>;
int64_t SystemUnixSeconds();

class WebhookVerifier {
 public:
  explicit WebhookVerifier(std::string secret, UnixClock clock = SystemUnixSeconds,
                           int64_t tolerance_seconds = kDefaultToleranceSeconds);

  // nullopt means the header was absent.
  portable::expected<void, VerifyFailure> Verify(std::optional<std::string_view> timestamp_header,
                                            std::optional<std::string_view> signature_header,
                                            std::string_view raw_body) const;

 private:
  std::string secret_;
  UnixClock clock_;
  int64_t tolerance_seconds_;
};

// The same rules as a function (an empty header counts as absent).
Status VerifySignature(std::string_view secret, std::string_view timestamp_header, std::string_view signature_header,
                       std::string_view raw_body, int64_t now_unix,
                       int64_t tolerance_seconds = kDefaultToleranceSeconds);

// "sha256=<lowercase hex>" for `timestamp` and `raw_body` (what a sender puts
// in X-Revento-Signature).
std::string ComputeSignature(std::string_view secret, std::string_view timestamp, std::string_view raw_body);

}  // namespace revento::client::webhooks
