// The emulator's route table: method + path pattern -> handler.
//
// Patterns are literal segments and `{name}` captures, matched segment by
// segment ("/api/v1/events/{event_id}/participants"). A path that matches a
// pattern under another method answers 405 with an Allow header listing the
// methods the path serves (GET implies HEAD; under /oauth the error is
// invalid_request, RFC 6749 having no other code for it); a path that
// matches nothing answers 404, and so does a path with an empty segment
// ("/api/v1//events/x") or a trailing slash: paths are exact. Both use the
// error body of the path's area (http/area.h: RFC 6749 JSON under /oauth,
// the Revento error body elsewhere, an HTML page for HTML routes), built by
// http/errors.h.
//
// Thread safety: build the table before serving; Dispatch is then safe to
// call concurrently (the table is read-only).
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/http/area.h"

namespace revento::emulator::http {

// Everything a handler sees of one request.
struct RequestContext {
  const httplib::Request& req;
  httplib::Response& res;
  // Echoed from X-Revento-Request-Id when it is well formed, else generated.
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> path_params;
  // Call before anything that waits while answering (a fault's delay): the
  // server then keeps another thread for other connections. May be empty.
  std::function<void()> before_waiting;

  // The value captured by `{name}`; empty if the pattern has no such capture.
  std::string_view Param(std::string_view name) const;
};

using Handler = std::function<void(RequestContext&)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  void Get(std::string pattern, Handler h) { Add("GET", std::move(pattern), std::move(h)); }
  void Post(std::string pattern, Handler h) { Add("POST", std::move(pattern), std::move(h)); }

  // Runs the matching handler, or answers 404 / 405.
  void Dispatch(RequestContext& ctx) const;
  // True when a route serves `method` on `path` (the console asks before
  // offering a button whose control-plane route may be absent).
  bool Handles(std::string_view method, std::string_view path) const;
  // Every route as (method, pattern), in the order added (the OpenAPI test
  // checks that docs/openapi.yaml describes each one).
  std::vector<std::pair<std::string, std::string>> Table() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{x}" segments capture
    Handler handler;
  };
  bool Matches(const Route& route, const std::vector<std::string_view>& segments,
               std::vector<std::pair<std::string, std::string>>* params) const;

  std::vector<Route> routes_;
};

}  // namespace revento::emulator::http
