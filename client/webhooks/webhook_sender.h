// Building signed webhook deliveries as Revento sends them, for testing a
// receiver (`revento webhooks send`, `revento check webhooks`).
//
// Build() takes a catalog type, puts its `data` template (payload_templates.h)
// under the contract's envelope {"id","type","created_at","event_id",
// "organization_id","data"} (compact JSON, raw UTF-8), applies `overrides` to
// `data` as a JSON merge patch (RFC 7386: null removes a key), and signs it:
// X-Revento-Signature = "sha256=" + lowercase hex HMAC-SHA256(secret,
// timestamp + "." + body). A Variant breaks exactly one rule, so a receiver
// can be tested against each refusal it must make (or, for the two correct
// variants, each acceptance). Resign() signs the same body again with a fresh
// timestamp and the same delivery id: a retry.
//
// Time: the injected clock (default: the system clock). The stale variant is
// signed floor(now) - 301 s, the future one ceil(now) + 301 s, so a receiver
// reading its clock within a second still sees more than the 300 s tolerance.
// Errors: an unknown type (the message lists the catalog), overrides that are
// not an object. Thread safety: Build() and Resign() are const and may run
// concurrently if the injected clock and id source may.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/status.h"
#include "client/webhooks/payload_templates.h"

namespace revento::client::webhooks {

enum class Variant {
  kValid,                     // correct in every respect: expect 2xx
  kUnusualSpacing,            // correct, the body re-spaced (tabs, newlines) before signing: expect 2xx
  kWrongSecret,               // signed with another secret
  kOneHexDigitChanged,        // the last hex digit of the signature changed
  kSignatureMissing,          // no X-Revento-Signature header
  kSignatureEmpty,            // X-Revento-Signature: (empty)
  kNoPrefix,                  // the right hex digest without "sha256="
  kUppercaseHex,              // the right digest in uppercase hex
  kTimestampMissing,          // no X-Revento-Timestamp (signed with the current time)
  kStaleTimestamp,            // correctly signed, timestamp 301 s in the past
  kFutureTimestamp,           // correctly signed, timestamp 301 s in the future
  kBodyChangedAfterSigning,   // one byte of the body changed after signing
  kBodyRespacedAfterSigning,  // the same JSON re-spaced after signing
};

// Every variant, in the order above.
const std::vector<Variant>& AllVariants();
// "valid", "unusual-spacing", "wrong-secret", "one-hex-digit-changed",
// "signature-missing", "signature-empty", "no-prefix", "uppercase-hex",
// "timestamp-missing", "stale-timestamp", "future-timestamp", "body-changed",
// "body-respaced".
std::string_view VariantName(Variant variant);
std::optional<Variant> ParseVariant(std::string_view name);
// True for the variants a correct receiver accepts (kValid, kUnusualSpacing).
bool ExpectAccepted(Variant variant);

struct DeliverySpec {
  std::string type = "event.updated";
  std::string secret;  // the integration's webhook signing secret
  std::string event_id = "evt_abc123";
  std::string organization_id = "org_xyz789";
  nlohmann::ordered_json overrides = nlohmann::ordered_json::object();  // merge patch on `data`
  std::string delivery_id;                                              // empty: a fresh dlv_...
  std::string occurrence_id;                                            // the body's id; empty: a fresh whe_...
  Variant variant = Variant::kValid;
};

struct Delivery {
  std::string type;
  std::string delivery_id;
  Variant variant = Variant::kValid;
  std::vector<std::pair<std::string, std::string>> headers;  // in send order
  std::string body;                                          // the exact bytes to send
  std::string signed_body;  // the bytes the signature covers (differs only for the body variants)

  // The header's value, or nullopt when the delivery does not carry it.
  std::optional<std::string> Header(std::string_view name) const;
};

using TimeSource = std::function<std::chrono::system_clock::time_point()>;
using IdSource = std::function<std::string(std::string_view prefix)>;  // prefix + random
std::chrono::system_clock::time_point SystemNow();
std::string RandomId(std::string_view prefix);  // prefix + 20 lowercase base32 characters (RAND_bytes)

inline constexpr std::string_view kWrongSecret = "whsec_revento_check_wrong_secret";

class WebhookSender {
 public:
  explicit WebhookSender(const PayloadTemplates& templates = PayloadTemplates::BuiltIn(), TimeSource now = SystemNow,
                         IdSource ids = RandomId);

  Result<Delivery> Build(const DeliverySpec& spec) const;
  // The same type, delivery id and body, signed again now (a retry).
  Delivery Resign(const Delivery& delivery, std::string_view secret) const;

 private:
  Delivery Sign(std::string type, std::string delivery_id, std::string compact_body, std::string_view secret,
                Variant variant) const;

  const PayloadTemplates& templates_;
  TimeSource now_;
  IdSource ids_;
};

}  // namespace revento::client::webhooks
