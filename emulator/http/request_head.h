// The head of one HTTP/1.1 request, read before cpp-httplib parses it.
//
// cpp-httplib 0.11 reads a request head without any bound on the number of
// header lines, takes a chunked body of any size into memory, and refuses a
// POST that carries neither Content-Length nor Transfer-Encoding (RFC 9112
// section 6.3 says that request has an empty body). The connection layer
// (connection.h) therefore reads each head itself, checks it here, and hands
// cpp-httplib a head it can take: the same request line and header lines,
// with the body framed by one Content-Length.
//
// ParseRequestHead checks the framing headers and refuses, with the status
// and a sentence saying what to fix:
//   431  more than `max_header_count` header lines
//   400  a Content-Length that is not one decimal number, both Content-Length
//        and Transfer-Encoding, a Transfer-Encoding other than chunked
// RewriteHead writes the head back with the body framed as `content_length`
// bytes (dropping Transfer-Encoding and, once answered, Expect).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/status.h"

namespace revento::emulator::http {

// Where the head ends in `buffer`: the offset just past the blank line
// ("\r\n\r\n"), or npos while it is incomplete.
size_t FindHeadEnd(std::string_view buffer);

// The number of complete header lines in an unfinished head (lines after the
// request line), to refuse a flood of headers before the head is complete.
size_t CountHeaderLines(std::string_view partial_head);

struct RequestHead {
  std::string request_line;  // without its CRLF
  std::string method;
  std::string path;  // the target without its query
  std::vector<std::string> header_lines;
  std::optional<uint64_t> content_length;
  bool chunked = false;
  bool expects_continue = false;
};

struct HeadRefusal {
  int status;
  std::string reason;
};

// `head` runs up to and including the blank line.
portable::expected<RequestHead, HeadRefusal> ParseRequestHead(std::string_view head, size_t max_header_count);

// The head cpp-httplib reads: framing replaced by "Content-Length: N".
std::string RewriteHead(const RequestHead& head, uint64_t content_length, bool drop_expect);

// True for the methods whose request may carry a body that cpp-httplib reads
// (it refuses them without a length).
bool MethodTakesBody(std::string_view method);

}  // namespace revento::emulator::http
