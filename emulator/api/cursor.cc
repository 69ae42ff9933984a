#include "emulator/api/cursor.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "emulator/encoding.h"

namespace revento::emulator::api {

namespace {

constexpr unsigned char kVersion = 1;
constexpr size_t kSeqBytes = 8;
constexpr size_t kTagBytes = 16;
constexpr size_t kRawBytes = 1 + kSeqBytes + kTagBytes;    // 25
constexpr size_t kEncodedChars = (kRawBytes * 8 + 5) / 6;  // 34

}  // namespace

CursorCodec::CursorCodec(const std::string& key) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
  keyed_mac_.reset(EVP_MAC_CTX_new(hmac));
  EVP_MAC_free(hmac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (!keyed_mac_ ||
      EVP_MAC_init(keyed_mac_.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
    throw std::runtime_error("cannot initialize HMAC-SHA256 for cursors");
  }
}

void CursorCodec::Tag(const CursorScope& scope, const unsigned char* seq_bytes, unsigned char* out) const {
  std::string message;
  message.reserve(32 + scope.resource.size() + scope.event_id.size() + scope.filter.size());
  message.push_back(static_cast<char>(kVersion));
  message.append(reinterpret_cast<const char*>(seq_bytes), kSeqBytes);
  // Lengths before values keep the fields unambiguous.
  for (std::string_view field : {scope.resource, scope.event_id, scope.filter}) {
    message += std::to_string(field.size());
    message.push_back(':');
    message.append(field);
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_size = 0;
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> ctx(EVP_MAC_CTX_dup(keyed_mac_.get()));
  if (!ctx || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac, &mac_size, sizeof mac) != 1 || mac_size < kTagBytes) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  std::copy(mac, mac + kTagBytes, out);
}

std::string CursorCodec::Encode(const CursorScope& scope, int64_t after_seq) const {
  std::array<unsigned char, kRawBytes> raw{};
  raw[0] = kVersion;
  auto seq = static_cast<uint64_t>(after_seq);
  for (size_t i = 0; i < kSeqBytes; ++i) raw[1 + i] = static_cast<unsigned char>(seq >> (8 * (kSeqBytes - 1 - i)));
  Tag(scope, raw.data() + 1, raw.data() + 1 + kSeqBytes);
  return Base64UrlUnpadded(raw.data(), raw.size());
}

std::optional<int64_t> CursorCodec::Decode(const CursorScope& scope, std::string_view cursor) const {
  if (cursor.size() != kEncodedChars) return std::nullopt;
  std::optional<std::string> decoded = DecodeBase64UrlUnpadded(cursor);
  if (!decoded || decoded->size() != kRawBytes) return std::nullopt;
  std::array<unsigned char, kRawBytes> raw{};
  std::copy(decoded->begin(), decoded->end(), raw.begin());
  if (raw[0] != kVersion) return std::nullopt;
  std::array<unsigned char, kTagBytes> expected{};
  Tag(scope, raw.data() + 1, expected.data());
  if (CRYPTO_memcmp(expected.data(), raw.data() + 1 + kSeqBytes, kTagBytes) != 0) return std::nullopt;
  uint64_t seq = 0;
  for (size_t i = 0; i < kSeqBytes; ++i) seq = (seq << 8) | raw[1 + i];
  if (seq > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(seq);
}

}  // namespace revento::emulator::api
