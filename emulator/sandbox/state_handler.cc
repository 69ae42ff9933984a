#include "emulator/sandbox/state_handler.h"

#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/state_transfer.h"
#include "portable/release_memory.h"

namespace revento::emulator::sandbox {

// Both hand the freed pages of their large documents back at the end (a
// million participants: about 1.7 GB, docs/emulator.md "State").
void HandleExportState(Services& services, http::RequestContext& ctx) {
  http::SendJson(ctx.res, 200, ExportState(services.db, services.clock));
  portable::ReleaseFreedMemory();
}

void HandleImportState(Services& services, http::RequestContext& ctx) {
  if (ctx.req.body.empty()) {
    return http::SendReventoError(ctx.res, 400, "invalid_state",
                                  "Send the state document (from GET /_sandbox/state) as the JSON body.",
                                  ctx.request_id);
  }
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  auto imported = ImportState(services.db, services.clock, *body);
  *body = nlohmann::json();
  portable::ReleaseFreedMemory();
  if (!imported) {
    return http::SendReventoError(ctx.res, 400, "invalid_state", imported.error().message, ctx.request_id);
  }
  services.events.Reset();
  http::SendJson(ctx.res, 200, {{"imported", *imported}});
}

}  // namespace revento::emulator::sandbox
