// The one seam through which the control plane watches and bends traffic.
//
// The server calls Before() for every request it is about to route and
// After() once the response is built (or the connection is about to be
// dropped). Before() may let the request through, answer it itself (an
// injected fault: ctx.res is then the response), or ask for the connection to
// be closed with no response at all. After() sees the final status and the
// real-time duration; whatever Before() decided comes back to it in the
// Ticket, so that the journal can mark faulted requests.
//
// Thread safety: both methods are called concurrently from every server
// worker; implementations must be thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "emulator/http/router.h"

namespace revento::emulator::http {

class RequestHooks {
 public:
  enum class Outcome { kRoute, kAnswered, kDropConnection };
  struct Ticket {
    Outcome outcome = Outcome::kRoute;
    // The fault that applied ("" when none) and its kind of action.
    std::string fault_id;
    std::string fault_action;
  };

  virtual ~RequestHooks() = default;
  virtual Ticket Before(RequestContext& ctx) = 0;
  virtual void After(const RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds duration) = 0;
};

}  // namespace revento::emulator::http
