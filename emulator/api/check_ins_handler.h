// GET /api/v1/events/{event_id}/check-ins[?limit=&cursor=] (scope
// attendance.read): the bound event's check-ins in the order they happened
// (CheckInJson each, docs/api.md). Thread safety: stateless.
#pragma once

#include "emulator/api/read_api.h"

namespace revento::emulator::api {

void HandleListCheckIns(ApiCall& call);

}  // namespace revento::emulator::api
