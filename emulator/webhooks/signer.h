// Signing of webhook deliveries, exactly as the Revento quickstart verifies:
//
//   X-Revento-Signature: sha256=<lowercase hex HMAC-SHA256(secret, timestamp + "." + body)>
//
// where `timestamp` is the decimal X-Revento-Timestamp header (real Unix
// seconds of the attempt) and `body` the exact bytes sent. Each attempt is
// signed afresh with its own timestamp.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace revento::emulator::webhooks {

// "sha256=" followed by 64 lowercase hex digits.
std::string SignatureHeader(std::string_view secret, int64_t timestamp, std::string_view body);

}  // namespace revento::emulator::webhooks
