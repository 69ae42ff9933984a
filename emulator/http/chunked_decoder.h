// Decodes a chunked request body (RFC 9112 section 7.1) as it arrives, and
// stops at a size limit instead of buffering whatever a client sends.
//
// Feed() takes the next bytes read from the connection and appends the
// decoded data to body(). It reports how many input bytes it used (the rest
// belongs to the next request on the connection) and whether the body is
// complete, needs more bytes, is over `max_body_bytes` (refused with 413
// before more than the limit is kept), or is malformed (400). Chunk
// extensions are skipped; trailer fields are read and dropped. A chunk-size
// line or the trailer section longer than `max_line_bytes` is malformed.
// Thread safety: one decoder per request, used by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace revento::emulator::http {

class ChunkedDecoder {
 public:
  enum class State { kNeedMore, kDone, kTooLarge, kMalformed };

  ChunkedDecoder(size_t max_body_bytes, size_t max_line_bytes);

  // Consumes from `input`; returns the state after it. Once kDone, kTooLarge
  // or kMalformed, further calls change nothing.
  State Feed(std::string_view input, size_t* consumed);

  State state() const { return state_; }
  const std::string& body() const { return body_; }
  std::string TakeBody() { return std::move(body_); }

 private:
  enum class Step { kSizeLine, kData, kDataEnd, kTrailer };
  const size_t max_body_bytes_;
  const size_t max_line_bytes_;
  State state_ = State::kNeedMore;
  Step step_ = Step::kSizeLine;
  std::string line_;
  uint64_t chunk_left_ = 0;
  size_t trailer_bytes_ = 0;
  std::string body_;
};

}  // namespace revento::emulator::http
