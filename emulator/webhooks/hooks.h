// Wires the webhooks area into the rest of the emulator through Services:
//   - services.webhooks points at the dispatcher (organizer actions wake it);
//   - services.on_installation_revoked enqueues installation.revoked to the
//     revoked installation's integration (if its manifest declares the type)
//     and wakes the dispatcher;
//   - services.after_reset drops claimed deliveries that had not started
//     (the reset already deleted their rows).
// Call once, before serving. Thread safety: the hooks may run on any thread.
#pragma once

#include "emulator/services.h"
#include "emulator/webhooks/dispatcher.h"

namespace revento::emulator::webhooks {

void InstallHooks(Services& services, Dispatcher& dispatcher);

}  // namespace revento::emulator::webhooks
