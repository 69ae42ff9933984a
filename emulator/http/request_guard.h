// Who may reach the emulator from a browser (docs/emulator.md, "Threat
// model"): the two rules checked before any request is routed, as a
// RequestHooks decorator in front of the control plane's hooks.
//
//   host_not_allowed        Every request: the Host header's name (port and
//                           brackets aside, any case) must be localhost or a
//                           name under .localhost, an IPv4 or IPv6 address,
//                           the --public-url host, or a name given with
//                           --allowed-host. A DNS-rebinding page reaches the
//                           emulator under its own name, so it is refused
//                           (what webpack-dev-server and Vite do). A request
//                           without Host (not a browser) passes.
//   cross_origin_refused    A state-changing /_sandbox request (any method but
//                           GET, HEAD and OPTIONS) whose Origin is not the
//                           emulator's own ("http://" + its Host, or the
//                           --public-url origin), or which the browser marks
//                           Sec-Fetch-Site: cross-site. A request without
//                           Origin (curl, the CLI) passes.
//
// A refusal is 403 with the path's area error body (http/errors.h) naming the
// rule and the fix; the request is not routed. Otherwise `next` (may be null)
// decides. After() always passes on to `next`.
//
// CheckRequest is the pure decision, for tests. Thread safety: immutable
// after construction; safe from every worker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/http/request_hooks.h"

namespace revento::emulator::http {

struct GuardPolicy {
  std::vector<std::string> allowed_hosts;  // --allowed-host names
  std::string public_url;                  // --public-url; empty when not given
};

struct GuardRefusal {
  std::string rule;  // host_not_allowed | cross_origin_refused
  std::string message;
};

std::optional<GuardRefusal> CheckRequest(const GuardPolicy& policy, const httplib::Request& req);

class RequestGuard final : public RequestHooks {
 public:
  RequestGuard(GuardPolicy policy, RequestHooks* next) : policy_(std::move(policy)), next_(next) {}

  Ticket Before(RequestContext& ctx) override;
  void After(const RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds duration) override;

 private:
  GuardPolicy policy_;
  RequestHooks* next_;
};

}  // namespace revento::emulator::http
