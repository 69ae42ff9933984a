// The control plane's hook on the HTTP server (http/request_hooks.h): applies
// injected faults (fault_table.h) before routing and records each finished
// request in the journal (journal.h).
//
// /_sandbox requests are neither faulted nor journaled: the control plane
// must stay reachable to remove a fault. The journal shows the app's traffic
// only: /oauth, /.well-known, /api and the paths under them. A status fault answers with the path's area error body
// (http/errors.h); a delay waits through the injected `sleep` (real time,
// never the sandbox clock) and then routes; a drop asks the server to close
// the connection with no response. The journal marks each faulted request.
//
// Thread safety: as RequestHooks requires; Journal and FaultTable are
// thread-safe.
#pragma once

#include <chrono>
#include <functional>

#include "emulator/http/request_hooks.h"
#include "emulator/sandbox/fault_table.h"
#include "emulator/sandbox/journal.h"

namespace revento::emulator::sandbox {

class TrafficHooks final : public http::RequestHooks {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  // `journal` and `faults` must outlive this object. A null `sleep` means
  // std::this_thread::sleep_for.
  TrafficHooks(Journal& journal, FaultTable& faults, Sleep sleep = nullptr);

  Ticket Before(http::RequestContext& ctx) override;
  void After(const http::RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds duration) override;

 private:
  Journal& journal_;
  FaultTable& faults_;
  Sleep sleep_;
};

}  // namespace revento::emulator::sandbox
