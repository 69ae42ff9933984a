// Verifying a Revento webhook delivery on the receiving side, by the
// quickstart's rules:
//   1. X-Revento-Timestamp must be within `tolerance_seconds` (300: "five
//      minutes is the contract") of the receiver's clock, either way;
//   2. X-Revento-Signature must equal "sha256=" + hex HMAC-SHA256(secret,
//      timestamp + "." + raw body bytes), compared in constant time.
// The raw body is the exact bytes received, never a re-serialized parse.
//
// This is the reference client's own implementation (the emulator signs
// with separate code), so tests that verify emulator deliveries with it
// check the emulator against an independent reading of the contract.
// Errors: a Status naming the failed rule. Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "client/status.h"

namespace revento::client::webhooks {

inline constexpr int64_t kDefaultToleranceSeconds = 300;

Status VerifySignature(std::string_view secret, std::string_view timestamp_header, std::string_view signature_header,
                       std::string_view raw_body, int64_t now_unix,
                       int64_t tolerance_seconds = kDefaultToleranceSeconds);

// "sha256=<hex>" for `timestamp` and `raw_body` (what a sender puts in
// X-Revento-Signature).
std::string ComputeSignature(std::string_view secret, std::string_view timestamp, std::string_view raw_body);

}  // namespace revento::client::webhooks
