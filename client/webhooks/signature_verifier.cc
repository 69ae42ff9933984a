#include "client/webhooks/signature_verifier.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "client/encoding.h"

namespace revento::client::webhooks {

namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

}  // namespace

std::string ComputeSignature(std::string_view secret, std::string_view timestamp, std::string_view raw_body) {
  std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_size = 0;
  // Two updates, as the quickstart does: "timestamp." then the raw bytes.
  bool ok = ctx &&
            EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), params) &&
            EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(timestamp.data()), timestamp.size()) &&
            EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>("."), 1) &&
            EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(raw_body.data()), raw_body.size()) &&
            EVP_MAC_final(ctx.get(), out, &out_size, sizeof(out));
  if (!ok) throw std::runtime_error("OpenSSL HMAC-SHA256 is unavailable");
  return "sha256=" + Hex(std::string_view(reinterpret_cast<const char*>(out), out_size));
}

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kMissingTimestamp:
      return "missing_timestamp";
    case Refusal::kNonNumericTimestamp:
      return "non_numeric_timestamp";
    case Refusal::kMissingSignature:
      return "missing_signature";
    case Refusal::kMalformedSignature:
      return "malformed_signature";
    case Refusal::kStaleTimestamp:
      return "stale_timestamp";
    case Refusal::kFutureTimestamp:
      return "future_timestamp";
    case Refusal::kMismatch:
      return "mismatch";
  }
  return "unknown";
}

int64_t SystemUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

WebhookVerifier::WebhookVerifier(std::string secret, UnixClock clock, int64_t tolerance_seconds)
    : secret_(std::move(secret)), clock_(std::move(clock)), tolerance_seconds_(tolerance_seconds) {}

portable::expected<void, VerifyFailure> WebhookVerifier::Verify(std::optional<std::string_view> timestamp_header,
                                                           std::optional<std::string_view> signature_header,
                                                           std::string_view raw_body) const {
  auto refuse = [](Refusal reason, std::string message) {
    return portable::unexpected(VerifyFailure{reason, std::move(message)});
  };
  if (!timestamp_header || timestamp_header->empty()) {
    return refuse(Refusal::kMissingTimestamp,
                  "X-Revento-Timestamp is missing: send the Unix seconds of the attempt in X-Revento-Timestamp");
  }
  std::string_view ts = *timestamp_header;
  bool digits = ts.size() <= 18 && std::all_of(ts.begin(), ts.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return refuse(Refusal::kNonNumericTimestamp, "X-Revento-Timestamp \"" + std::string(ts.substr(0, 40)) +
                                                     "\" is not Unix seconds: send digits only, e.g. 1795773600");
  }
  if (!signature_header || signature_header->empty()) {
    return refuse(Refusal::kMissingSignature,
                  "X-Revento-Signature is missing: send sha256=<hex HMAC-SHA256(secret, timestamp.body)>");
  }
  std::string_view sig = *signature_header;
  constexpr std::string_view kPrefix = "sha256=";
  bool well_formed = sig.size() == kPrefix.size() + 64 && sig.starts_with(kPrefix) &&
                     std::all_of(sig.begin() + kPrefix.size(), sig.end(),
                                 [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!well_formed) {
    return refuse(Refusal::kMalformedSignature,
                  "X-Revento-Signature is malformed: it must be \"sha256=\" followed by 64 lowercase hex digits");
  }
  int64_t timestamp = 0;
  std::from_chars(ts.data(), ts.data() + ts.size(), timestamp);
  int64_t age = clock_() - timestamp;
  if (age > tolerance_seconds_) {
    return refuse(Refusal::kStaleTimestamp, "stale timestamp: " + std::to_string(age) + " s old, tolerance " +
                                                std::to_string(tolerance_seconds_) +
                                                " s: sign each attempt with the current time and check the clock");
  }
  if (-age > tolerance_seconds_) {
    return refuse(Refusal::kFutureTimestamp, "timestamp " + std::to_string(-age) + " s in the future, tolerance " +
                                                 std::to_string(tolerance_seconds_) +
                                                 " s: sign with the current time and check the sender's clock");
  }
  std::string expected = ComputeSignature(secret_, ts, raw_body);
  if (CRYPTO_memcmp(expected.data(), sig.data(), expected.size()) != 0) {
    return refuse(Refusal::kMismatch,
                  "signature mismatch: sign HMAC-SHA256(webhook secret, timestamp + \".\" + raw body bytes) with the "
                  "integration's webhook secret, and send the body unchanged");
  }
  return {};
}

Status VerifySignature(std::string_view secret, std::string_view timestamp_header, std::string_view signature_header,
                       std::string_view raw_body, int64_t now_unix, int64_t tolerance_seconds) {
  WebhookVerifier verifier(
      std::string(secret), [now_unix] { return now_unix; }, tolerance_seconds);
  auto verified = verifier.Verify(timestamp_header, signature_header, raw_body);
  if (!verified) return Fail(verified.error().message);
  return {};
}

}  // namespace revento::client::webhooks
