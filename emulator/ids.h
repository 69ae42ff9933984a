// Identifiers and secrets.
//
// IdSource is the one place the emulator gets randomness: every id, code,
// token and generated secret comes from it. RandomIdSource draws every byte
// from OpenSSL's RAND_bytes, in blocks: one RAND_bytes call fills a
// kBlockBytes buffer, and NewId hands its bytes out in order, each once (a
// byte handed out is wiped from the buffer at once); when too few are left
// for an id, the rest are wiped and the block drawn again. An id longer than
// a block is drawn by a RAND_bytes call of its own. The buffer is wiped
// (OPENSSL_cleanse) on every refill and on destruction. So an id costs a
// copy under a mutex instead of a RAND_bytes call (which also takes a lock
// and a getpid() syscall each time). Tests inject a deterministic source.
// Also here: the SHA-256 digest under which tokens and codes are stored (the
// database never holds a live credential) and a constant-time comparison for
// secrets.
//
// Errors: RAND_bytes failing (no entropy) throws std::runtime_error; no
// secret can be issued then.
// Thread safety: RandomIdSource is safe to call from any thread (one mutex
// guards the block). Not across fork(): a forked child would hand out the
// parent's remaining bytes again; the emulator never forks.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

struct evp_md_st;  // OpenSSL's EVP_MD

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
  static constexpr size_t kBlockBytes = 512;

  RandomIdSource() = default;
  ~RandomIdSource() override;
  RandomIdSource(const RandomIdSource&) = delete;
  RandomIdSource& operator=(const RandomIdSource&) = delete;

  std::string NewId(std::string_view prefix, size_t random_bytes = 12) override;

 private:
  // Copies the next `n` (<= kBlockBytes) unused bytes of the block to `out`
  // and wipes them there, drawing a new block first when fewer are left.
  void Take(unsigned char* out, size_t n);

  std::mutex mutex_;
  std::array<unsigned char, kBlockBytes> block_{};
  size_t used_ = kBlockBytes;  // bytes of block_ already handed out (or wiped)
};

// OpenSSL's SHA-256, fetched once (for every digest the emulator takes).
const evp_md_st* Sha256();

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Compares two secrets in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace revento::emulator
