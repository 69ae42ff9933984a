// /_sandbox/requests: the request journal (journal.h) over HTTP.
//   GET    filters path_prefix, method, status (401 or 4xx), since (ISO time
//          or Unix seconds, sandbox clock), limit (1..10000, default 100);
//          newest first; an unknown parameter or bad value is 400 naming it.
//   DELETE empties the journal.
// Thread safety: as Journal.
#pragma once

#include "emulator/http/router.h"
#include "emulator/sandbox/journal.h"

namespace revento::emulator::sandbox {

void HandleListRequests(Journal& journal, http::RequestContext& ctx);
void HandleClearRequests(Journal& journal, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
