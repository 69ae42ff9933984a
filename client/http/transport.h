// The client's one door to the network: an HTTP transport.
//
// Every request the library sends (token endpoint, Read API, authorize,
// `webhooks send`, `check`) goes through a Transport, so unit tests replace
// it with a GoogleMock and see exactly what would be sent, and production
// uses the socket transport of MakeHttpTransport().
//
// A Request names an absolute URL (http:// or https://, path and query
// already encoded), its headers, body, a `timeout` that is the deadline of
// the whole exchange (connecting, sending and the whole answer, however
// slowly the server trickles it) and the caps on the answer (`limits`:
// header lines, header bytes, body bytes; connection.h). Any HTTP answer,
// whatever its status, is a Response; only a failure to get a complete
// answer is an Error: code kTransportFailed (bad URL, refused, reset, not
// HTTP), kDeadlineExceeded (the timeout passed) or kResponseTooLarge (a cap;
// the message names which and its value), with a message naming the
// request and what to check.
//
// The transport keeps a few idle keep-alive connections per origin and
// never follows redirects (a 302 is an answer the caller reads). Header
// values are exactly what the server sent (a Location keeps its
// percent-encoding). A request sent on a kept-alive connection that the
// server had closed meanwhile is sent again once on a new connection.
// Thread safety: Send() may be called from many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/http/connection.h"
#include "client/http/url.h"
#include "client/status.h"

namespace revento::client::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url{};  // absolute: "http://localhost:8787/api/v1/events/evt_abc123"
  Headers headers{};
  std::string body{};
  std::chrono::milliseconds timeout{30000};  // the whole exchange
  ResponseLimits limits{};
};

struct Response {
  int status = 0;
  Headers headers{};
  std::string body{};

  // The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> Send(const Request& request) = 0;
};

// The production transport: HTTP/1.1 over sockets (connection.h).
std::shared_ptr<Transport> MakeHttpTransport();
// The former name of MakeHttpTransport (the transport used cpp-httplib).
inline std::shared_ptr<Transport> MakeHttplibTransport() { return MakeHttpTransport(); }

}  // namespace revento::client::http
