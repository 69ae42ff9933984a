// Opaque, tamper-evident keyset cursors for the Read API's lists.
//
// A cursor names the `seq` of the last record of a page; the next page holds
// the records with a greater seq, so a walk stays stable while records are
// added (CONTRACT.md). The client cannot read or forge one: a cursor is
// base64url (no padding) of
//   version (1 byte, 1) | seq (8 bytes, big endian) | tag (16 bytes)
// where tag is HMAC-SHA256 under a key drawn from the IdSource when the
// emulator starts, over the version, the seq and the list the cursor belongs
// to (resource, event id and filter), truncated to 128 bits. Decode refuses
// any other length or alphabet, non-canonical base64url, another version, and
// a tag that does not match this list; so a modified cursor, a cursor of
// another list (another event, resource or status filter) and one from
// before a restart are all refused alike.
//
// The HMAC key schedule is computed once; each tag starts from a copy of it.
//
// Thread safety: immutable after construction; Encode/Decode are const and
// may be called concurrently.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace revento::emulator::api {

// The list a cursor belongs to.
struct CursorScope {
  std::string_view resource;  // "participants", "applications", "check_ins"
  std::string_view event_id;
  std::string_view filter;  // e.g. the status filter; empty for none
};

class CursorCodec {
 public:
  // `key`: secret bytes, at least 32 of them.
  explicit CursorCodec(const std::string& key);

  // `after_seq` is a record's seq, never negative: the cursor of a negative
  // one is refused by Decode, which accepts 0..INT64_MAX only.
  std::string Encode(const CursorScope& scope, int64_t after_seq) const;
  // The seq the cursor names, or std::nullopt if it is not a cursor this
  // codec issued for `scope`.
  std::optional<int64_t> Decode(const CursorScope& scope, std::string_view cursor) const;

 private:
  void Tag(const CursorScope& scope, const unsigned char* seq_bytes, unsigned char* out) const;

  struct MacContextFree {
    void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
  };
  // HMAC-SHA256 initialized with the key; never updated, only copied.
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> keyed_mac_;
};

}  // namespace revento::emulator::api
