#include "emulator/http/chunked_decoder.h"

#include <algorithm>

namespace revento::emulator::http {

namespace {

// The chunk size at the start of a size line (before any ';' extension), or
// -1 when it is not hexadecimal or too large to be a sane chunk.
int64_t ParseChunkSize(std::string_view line) {
  size_t end = line.find(';');
  std::string_view digits = line.substr(0, end);
  while (!digits.empty() && (digits.back() == ' ' || digits.back() == '\t')) digits.remove_suffix(1);
  if (digits.empty() || digits.size() > 15) return -1;
  int64_t size = 0;
  for (char c : digits) {
    int v = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (v < 0) return -1;
    size = size * 16 + v;
  }
  return size;
}

}  // namespace

ChunkedDecoder::ChunkedDecoder(size_t max_body_bytes, size_t max_line_bytes)
    : max_body_bytes_(max_body_bytes), max_line_bytes_(max_line_bytes) {}

ChunkedDecoder::State ChunkedDecoder::Feed(std::string_view input, size_t* consumed) {
  size_t at = 0;
  while (state_ == State::kNeedMore && at < input.size()) {
    if (step_ == Step::kData) {
      size_t take = static_cast<size_t>(std::min<uint64_t>(chunk_left_, input.size() - at));
      body_.append(input.substr(at, take));
      at += take;
      chunk_left_ -= take;
      if (chunk_left_ == 0) step_ = Step::kDataEnd;
      continue;
    }
    // The other steps read CRLF-terminated lines.
    size_t newline = input.find('\n', at);
    size_t take = (newline == std::string_view::npos ? input.size() : newline + 1) - at;
    line_.append(input.substr(at, take));
    at += take;
    if (step_ == Step::kTrailer) trailer_bytes_ += take;
    if (line_.size() > max_line_bytes_ || trailer_bytes_ > max_line_bytes_) {
      state_ = State::kMalformed;
      continue;
    }
    if (line_.back() != '\n') continue;
    if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
      state_ = State::kMalformed;
      continue;
    }
    std::string_view line(line_.data(), line_.size() - 2);
    switch (step_) {
      case Step::kSizeLine: {
        int64_t size = ParseChunkSize(line);
        if (size < 0) {
          state_ = State::kMalformed;
          continue;
        }
        if (static_cast<uint64_t>(size) > max_body_bytes_ - body_.size()) {
          state_ = State::kTooLarge;
          continue;
        }
        chunk_left_ = static_cast<uint64_t>(size);
        step_ = size == 0 ? Step::kTrailer : Step::kData;
        break;
      }
      case Step::kDataEnd:
        if (!line.empty()) {
          state_ = State::kMalformed;
          continue;
        }
        step_ = Step::kSizeLine;
        break;
      case Step::kTrailer:
        if (line.empty()) state_ = State::kDone;
        break;
      case Step::kData:
        break;
    }
    line_.clear();
  }
  *consumed = at;
  return state_;
}

}  // namespace revento::emulator::http
