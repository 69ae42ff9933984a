// One HTTP/1.1 client connection (TCP, or TLS for https) with every limit a
// server could push on the client enforced while the bytes arrive.
//
// cpp-httplib 0.11's client reads all response headers (no cap on their
// number) and the whole body into memory, and its timeouts bound each wait,
// not the exchange: an endless body took `revento` to 4.2 GB and a trickle
// held a command 40 s under a 10 s timeout. So the client speaks HTTP/1.1
// over its own socket here, in one place, and http::Transport (transport.h)
// sends every request through it:
//   - a deadline for the whole exchange (connecting, the TLS handshake,
//     sending, the whole response), however the server paces its bytes;
//   - ResponseLimits: header lines, header bytes (status line and headers)
//     and body bytes (decoded); past one, the exchange fails naming the cap.
// Memory is bounded by the caps plus one read buffer.
//
// Header values are handed over exactly as received (no percent-decoding).
//
// Errors: Result errors with code kDeadlineExceeded (the deadline passed),
// kResponseTooLarge (a cap; the message names it and its value) or
// kTransportFailed (refused, reset, closed early, not HTTP, TLS); messages
// are the reason only: the transport prefixes the request.
// Thread safety: a Connection is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "client/http/url.h"
#include "client/status.h"

namespace revento::client::http {

struct ResponseLimits {
  size_t max_header_lines = 128;
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 64 * 1024 * 1024;
};

struct Response;

class Connection {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  static Result<std::unique_ptr<Connection>> Open(const Url& url, Deadline deadline);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes `request` (a complete HTTP/1.1 request) and reads one response
  // to `method`. `reusable` tells whether the connection may carry another
  // request; `answered` whether any byte of a response arrived (a kept-alive
  // connection the server had closed answers nothing: send again on a new one).
  Result<Response> RoundTrip(const std::string& request, const std::string& method, const ResponseLimits& limits,
                             Deadline deadline, bool* reusable, bool* answered);
  // True when an idle kept-alive connection can carry no request: the
  // server closed it (or sent bytes nobody asked for) since its last answer.
  bool PeerClosed() const;

 private:
  Connection() = default;
  struct Tls;
  Result<size_t> ReadSome(std::string& out, Deadline deadline);
  Status WriteAll(std::string_view bytes, Deadline deadline);
  Status StartTls(const std::string& host, Deadline deadline);

  int fd_ = -1;
  std::unique_ptr<Tls> tls_;
};

}  // namespace revento::client::http
