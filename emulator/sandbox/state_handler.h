// /_sandbox/state (state_transfer.h over HTTP).
//   GET  the whole sandbox as one JSON document. It reveals the integration
//        secrets: guarded like all of /_sandbox.
//   PUT  replaces the whole sandbox with such a document: 200
//        {"imported": {table: rows}}; 400 invalid_state naming the JSON path;
//        400 invalid_json naming the parse position. Queued webhook
//        deliveries are dropped and the dispatcher re-reads the imported ones.
// Thread safety: takes the database lock.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleExportState(Services& services, http::RequestContext& ctx);
void HandleImportState(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
