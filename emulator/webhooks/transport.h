// The outbound HTTP seam of webhook deliveries.
//
// Transport::Post sends one POST and reports what came back, without ever
// following a redirect (a 3xx is returned as is, and the dispatcher counts
// it as a failure). `timeout` bounds the whole attempt: connecting, sending
// and reading the response; past it the attempt is a timeout, whatever
// arrived. Of a response only the status, the headers and the first 4 KiB
// of the body are read (the first KiB is kept); the rest is never read.
// HttpTransport is the production implementation over cpp-httplib (http and
// https); tests use real loopback receivers, or mock this interface.
//
// Errors: a transport failure (refused connection, timeout, a connection
// closed or reset before a complete response, a URL that http_url.h
// refuses) is reported in OutboundResponse::error with status 0; Post never
// throws.
// Thread safety: Post may be called concurrently from any thread.
#pragma once

#include <chrono>
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

class HttpTransport final : public Transport {
 public:
  OutboundResponse Post(const OutboundRequest& request) override;
};

}  // namespace revento::emulator::webhooks
