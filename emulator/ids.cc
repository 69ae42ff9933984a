#include "emulator/ids.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "emulator/encoding.h"

namespace revento::emulator {

namespace {
constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

// RAND_bytes into `out`; without entropy no secret can be issued, which is
// not recoverable.
void DrawOrThrow(unsigned char* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}
}  // namespace

RandomIdSource::~RandomIdSource() { OPENSSL_cleanse(block_.data(), block_.size()); }

void RandomIdSource::Take(unsigned char* out, size_t n) {
  std::lock_guard lock(mutex_);
  if (block_.size() - used_ < n) {
    OPENSSL_cleanse(block_.data(), block_.size());
    used_ = block_.size();  // stays empty if the draw throws
    DrawOrThrow(block_.data(), block_.size());
    used_ = 0;
  }
  std::memcpy(out, block_.data() + used_, n);
  OPENSSL_cleanse(block_.data() + used_, n);
  used_ += n;
}

std::string RandomIdSource::NewId(std::string_view prefix, size_t random_bytes) {
  std::array<unsigned char, kBlockBytes> small;
  std::vector<unsigned char> large;
  unsigned char* bytes = small.data();
  if (random_bytes > kBlockBytes) {
    large.resize(random_bytes);
    bytes = large.data();
    DrawOrThrow(bytes, random_bytes);
  } else if (random_bytes > 0) {
    Take(bytes, random_bytes);
  }
  std::string out;
  out.reserve(prefix.size() + (random_bytes * 8 + 4) / 5);
  out.append(prefix);
  // Base32: 5 bits per character.
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < random_bytes; ++i) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(acc >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 31]);
  OPENSSL_cleanse(bytes, random_bytes);
  return out;
}

const EVP_MD* Sha256() {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
  // OpenSSL 3 looks EVP_sha256() up again on every digest (an implicit
  // fetch); the algorithm fetched once is reused (never freed: it lives as
  // long as the process). OpenSSL 1.1 has no fetch and no such cost.
  static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (fetched) return fetched;
#endif
  return EVP_sha256();
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, Sha256(), nullptr);
  return HexLower(md, len);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace revento::emulator
