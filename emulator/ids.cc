#include "emulator/ids.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "emulator/encoding.h"

namespace revento::emulator {

namespace {
constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
}

std::string RandomIdSource::NewId(std::string_view prefix, size_t random_bytes) {
  std::vector<unsigned char> buf(random_bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    // Without entropy no secret can be issued; this is not recoverable.
    throw std::runtime_error("RAND_bytes failed");
  }
  std::string out(prefix);
  // Base32: 5 bits per character.
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(acc >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 31]);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return HexLower(md, len);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace revento::emulator
