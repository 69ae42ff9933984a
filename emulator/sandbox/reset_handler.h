// POST /_sandbox/reset: every table back to the fixtures the emulator started
// with (same secrets) plus the --participants synthetic ones, the sandbox
// clock back to real time, then DomainEvents::Reset (queued deliveries of the
// old state are dropped). Answers {"status": "reset"}.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

// Resets the state; used by the handler and at start-up.
void ResetSandbox(Services& services);
void HandleReset(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
