// Identifiers and secrets.
//
// IdSource is the one place the emulator gets randomness: every id, code,
// token and generated secret comes from it. RandomIdSource draws from
// OpenSSL's RAND_bytes; tests inject a deterministic source. Also here: the
// SHA-256 digest under which tokens and codes are stored (the database never
// holds a live credential) and a constant-time comparison for secrets.
//
// Thread safety: RandomIdSource is safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace revento::emulator {

class IdSource {
 public:
  virtual ~IdSource() = default;
  // `prefix` followed by `random_bytes` random bytes, encoded as lowercase
  // base32-like alphanumerics (URL-safe, no padding).
  virtual std::string NewId(std::string_view prefix, size_t random_bytes = 12) = 0;
};

class RandomIdSource final : public IdSource {
 public:
  std::string NewId(std::string_view prefix, size_t random_bytes = 12) override;
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Compares two secrets in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace revento::emulator
