// GET /api/v1/events/{event_id} (scope event.read): the event the token is
// bound to, as EventJson (docs/api.md). Thread safety: stateless.
#pragma once

#include "emulator/api/read_api.h"

namespace revento::emulator::api {

void HandleGetEvent(ApiCall& call);

}  // namespace revento::emulator::api
