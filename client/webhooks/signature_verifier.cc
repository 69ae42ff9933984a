#include "client/webhooks/signature_verifier.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <charconv>
#include <memory>
#include <stdexcept>

namespace revento::client::webhooks {

namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

std::string ToHex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

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
  return "sha256=" + ToHex(out, out_size);
}

Status VerifySignature(std::string_view secret, std::string_view timestamp_header, std::string_view signature_header,
                       std::string_view raw_body, int64_t now_unix, int64_t tolerance_seconds) {
  int64_t timestamp = 0;
  auto [end, ec] =
      std::from_chars(timestamp_header.data(), timestamp_header.data() + timestamp_header.size(), timestamp);
  if (timestamp_header.empty() || ec != std::errc() || end != timestamp_header.data() + timestamp_header.size()) {
    return Fail("X-Revento-Timestamp is missing or not Unix seconds");
  }
  int64_t age = now_unix - timestamp;
  if (age > tolerance_seconds || -age > tolerance_seconds) {
    return Fail("stale timestamp: " + std::to_string(age) + " s from now, tolerance " +
                std::to_string(tolerance_seconds) + " s");
  }
  std::string expected = ComputeSignature(secret, timestamp_header, raw_body);
  if (expected.size() != signature_header.size() ||
      CRYPTO_memcmp(expected.data(), signature_header.data(), expected.size()) != 0) {
    return Fail("bad signature: X-Revento-Signature does not match HMAC-SHA256(secret, timestamp + \".\" + body)");
  }
  return {};
}

}  // namespace revento::client::webhooks
