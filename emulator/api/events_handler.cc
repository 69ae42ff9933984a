#include "emulator/api/events_handler.h"

#include "emulator/api/pagination.h"
#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::api {

void HandleGetEvent(ApiCall& call) {
  std::optional<Event> event = SandboxData(call.session.db()).FindEvent(call.event_id);
  call.session.Release();
  if (!event) {
    return SendApiError(call.ctx,
                        ApiError{404, "not_found", "Event " + std::string(call.event_id) + " no longer exists.", {}});
  }
  SendRepresentation(call.ctx.res, *event, AppendEventJson);
}

}  // namespace revento::emulator::api
