// The client's one door to the network: an HTTP transport.
//
// Every request the library sends (token endpoint, Read API, authorize)
// goes through a Transport, so unit tests replace it with a GoogleMock and
// see exactly what would be sent, and production uses HttplibTransport.
//
// A Request names an absolute URL (http:// or https://, path and query
// already encoded), its headers, body and timeout. Any HTTP answer, whatever
// its status, is a Response; only a failure to get an answer (bad URL,
// connection refused, timeout) is an Error with code kTransportFailed and a
// message naming the URL and what to check.
//
// HttplibTransport keeps a small pool of keep-alive connections per origin
// and never follows redirects (a 302 is an answer the caller reads). Note
// that cpp-httplib hands the Location header over percent-decoded (url.h
// says what to do about it).
// Thread safety: Send() may be called from many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/http/url.h"
#include "client/status.h"

namespace revento::client::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url{};  // absolute: "http://localhost:8787/api/v1/events/evt_abc123"
  Headers headers{};
  std::string body{};
  std::chrono::milliseconds timeout{30000};
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

// A transport over cpp-httplib.
std::shared_ptr<Transport> MakeHttplibTransport();

}  // namespace revento::client::http
