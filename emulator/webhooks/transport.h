// The outbound HTTP seam of webhook deliveries.
//
// Transport::Post sends one POST and reports what came back, without ever
// following a redirect (a 3xx is returned as is, and the dispatcher counts
// it as a failure). `timeout` bounds the whole attempt: resolving,
// connecting, sending and reading the response; past it the attempt is a
// timeout, whatever arrived, however slowly the receiver trickles.
// A receiver controls how much it sends back, so HttpTransport caps it:
// at most kMaxResponseHeaderLines header lines and kMaxResponseHeaderBytes
// of status line and headers (past either the attempt fails with an error
// naming the cap), and of the body only the first kMaxResponseBodyBytes are
// read (the first KiB is kept; the rest is never read: not an error). An
// attempt holds at most about 24 KiB, whatever the receiver sends.
// HttpTransport is the production implementation (receiver_exchange.h: http
// and https over a socket of its own); tests use real loopback receivers, or
// mock this interface.
//
// Errors: a transport failure (refused connection, timeout, a connection
// closed or reset before a complete response, a cap, a URL that http_url.h
// refuses) is reported in OutboundResponse::error with status 0; Post never
// throws.
// Thread safety: Post may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace revento::emulator::webhooks {

struct OutboundRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};
};

struct OutboundResponse {
  int status = 0;    // 0: no response (see error)
  std::string body;  // at most the first KiB
  std::string retry_after;
  std::string error;  // empty when a response arrived
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual OutboundResponse Post(const OutboundRequest& request) = 0;
};

inline constexpr size_t kMaxResponseHeaderLines = 100;
inline constexpr size_t kMaxResponseHeaderBytes = 16 * 1024;
inline constexpr size_t kMaxResponseBodyBytes = 4 * 1024;

class HttpTransport final : public Transport {
 public:
  OutboundResponse Post(const OutboundRequest& request) override;
};

}  // namespace revento::emulator::webhooks
