// The sandbox clock resource.
//
//   GET  /_sandbox/clock   {"now": ISO, "unix": s, "frozen": bool, "offset_seconds": n}
//   POST /_sandbox/clock   exactly one of
//        {"advance_seconds": n}   n >= 0, moves time forward
//        {"set": "2026-12-01T09:00:00Z"} (or Unix seconds)
//        {"freeze": true}         stops time
//        {"resume": true}         lets it run again
//   and answers with the new clock. Anything else is 400 invalid_request
//   naming the problem.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleGetClock(Services& services, http::RequestContext& ctx);
void HandlePostClock(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
