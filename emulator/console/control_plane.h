// The console's way into the JSON control plane: an in-process request
// through the emulator's one route table.
//
// Every console button makes the request a script would make
// (POST /_sandbox/events/evt_1/publish with a JSON body) and every list the
// control plane serves (clock, deliveries, installations, integrations, the
// journal) is read the same way, so the console holds no rule of its own:
// what the JSON control plane refuses, the console shows as refused, with
// the same message. The request carries the admin token when one is set
// (the console has checked its visitor first) and the visitor's request id.
//
// Errors: the control plane's own answer; a body that is not JSON (which no
// /_sandbox route sends) becomes a 500 answer naming the route.
// Thread safety: the router is read-only while serving; calls run
// concurrently like any request.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::console {

struct ControlPlaneAnswer {
  int status = 0;
  nlohmann::json body;

  bool ok() const { return status >= 200 && status < 300; }
  // "409 invalid_transition: Application app_1 is already approved; ..."
  // for a Revento error body, else the status alone.
  std::string Problem() const;
};

class ControlPlane {
 public:
  ControlPlane(const http::Router& router, const Services& services) : router_(router), services_(services) {}

  // `path` is a decoded path such as "/_sandbox/deliveries/dlv_1";
  // `query` the query parameters; `body` is sent as JSON unless null.
  ControlPlaneAnswer Call(std::string_view method, std::string path,
                          const std::vector<std::pair<std::string, std::string>>& query, const nlohmann::json& body,
                          std::string_view request_id) const;

  // True when the control plane serves `method` on `path`.
  bool Offers(std::string_view method, std::string_view path) const { return router_.Handles(method, path); }

 private:
  const http::Router& router_;
  const Services& services_;
};

}  // namespace revento::emulator::console
