// GET /_sandbox/health: 200 {"status": "ok", ...} once the sandbox serves.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleHealth(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
