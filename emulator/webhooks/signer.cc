#include "emulator/webhooks/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace revento::emulator::webhooks {

std::string SignatureHeader(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string message = std::to_string(timestamp);
  message.push_back('.');
  message.append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length)) {
    // OpenSSL's HMAC only fails when the library itself is broken.
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  out.reserve(7 + 2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace revento::emulator::webhooks
