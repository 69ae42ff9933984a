// One HTTP/1.1 POST to a webhook receiver over a fresh connection (plain TCP,
// or TLS for https), bounded on every axis the receiver controls.
//
// cpp-httplib's client reads every response header line into memory before
// any hook runs, with no cap on their number, and bounds each wait rather than
// the exchange: a receiver sending header lines for ten seconds grew the
// emulator by 560 MB per attempt. This exchange is written over the socket
// instead, so each limit is enforced while the bytes arrive:
//   - `deadline`: the whole exchange (resolving, connecting, the TLS
//     handshake, sending, the whole response) ends there, however the
//     receiver paces its bytes;
//   - `max_header_lines` and `max_header_bytes`: the status line and header
//     block; past either the exchange fails naming the cap;
//   - `max_body_bytes`: reading stops there (the attempt keeps its status
//     and the bytes read; `body_cut` says so). Not a failure: a receiver's
//     answer body is informative only.
// Memory is bounded by max_header_bytes + max_body_bytes + one read buffer.
// The request always carries Connection: close; redirects are returned as
// they are (never followed).
//
// Errors: ExchangeFailure names what went wrong; `detail` is the words
// (for a cap, which cap and its value). Never throws.
// Thread safety: a pure function over its own socket; call from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace revento::emulator::webhooks {

struct ExchangeLimits {
  std::chrono::steady_clock::time_point deadline;
  size_t max_header_lines = 100;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 4 * 1024;
};

enum class ExchangeFailure {
  kNone,
  kBadUrl,
  kResolve,
  kConnect,
  kTls,
  kTimeout,
  kReset,
  kClosed,
  kHeaderLines,
  kHeaderBytes,
  kMalformed,
};

struct ReceiverAnswer {
  ExchangeFailure failure = ExchangeFailure::kNone;
  std::string detail;  // the words of a failure
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded (chunked), at most max_body_bytes
  bool body_cut = false;

  // The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

// `headers` are sent as given, after Host, Content-Length and Connection.
ReceiverAnswer PostToReceiver(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body, const ExchangeLimits& limits);

}  // namespace revento::emulator::webhooks
