#include "emulator/webhooks/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "emulator/encoding.h"

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
  return "sha256=" + HexLower(digest, length);
}

}  // namespace revento::emulator::webhooks
