// Read API cursors: decoding any bytes never crashes, and a cursor the codec
// accepts is exactly the one it would issue (no second spelling of a seq),
// for no other list than its own.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "emulator/api/cursor.h"

namespace {

using revento::emulator::api::CursorCodec;
using revento::emulator::api::CursorScope;

const CursorCodec& Codec() {
  static const CursorCodec codec(std::string(32, 'k'));
  return codec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view cursor(reinterpret_cast<const char*>(data), size);
  const CursorScope scope{"participants", "evt_abc123", ""};
  const CursorScope other{"applications", "evt_abc123", "pending"};
  auto seq = Codec().Decode(scope, cursor);
  if (seq && Codec().Encode(scope, *seq) != cursor) {
    std::fprintf(stderr, "cursor: a second spelling of seq %lld is accepted\n", static_cast<long long>(*seq));
    std::abort();
  }
  if (seq && Codec().Decode(other, cursor)) {
    std::fprintf(stderr, "cursor: a participants cursor is accepted for another list\n");
    std::abort();
  }
  // Cursors the codec issues decode to their seq, whatever the seq (seqs are
  // never negative: Encode's domain is 0..INT64_MAX, and Decode refuses the
  // rest).
  if (size >= 8) {
    int64_t any = 0;
    for (int i = 0; i < 8; ++i) any = static_cast<int64_t>((static_cast<uint64_t>(any) << 8) | data[i]);
    any &= INT64_MAX;
    auto back = Codec().Decode(other, Codec().Encode(other, any));
    if (!back || *back != any) {
      std::fprintf(stderr, "cursor: seq %lld does not round-trip\n", static_cast<long long>(any));
      std::abort();
    }
  }
  return 0;
}
