#include "emulator/api/participants_handler.h"

#include "emulator/api/pagination.h"
#include "emulator/api/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::api {

void HandleListParticipants(ApiCall& call) {
  CursorScope scope{"participants", call.event_id, ""};
  auto request = ParsePageRequest(call.ctx.req, call.cursors, scope);
  if (!request) return call.Refuse(request.error());
  Page<Participant> page =
      SandboxData(call.session.db()).ListParticipants(call.event_id, request->after_seq, request->limit);
  call.session.Release();
  SendPage(call.ctx.res, page, call.cursors, scope, AppendParticipantJson);
}

void HandleGetParticipant(ApiCall& call) {
  std::string_view id = call.ctx.Param("participant_id");
  std::optional<Participant> participant = SandboxData(call.session.db()).FindParticipant(call.event_id, id);
  call.session.Release();
  if (!participant) {
    return SendApiError(call.ctx,
                        ApiError{404,
                                 "not_found",
                                 "Event " + std::string(call.event_id) + " has no participant " + std::string(id) + ".",
                                 {}});
  }
  SendRepresentation(call.ctx.res, *participant, AppendParticipantJson);
}

}  // namespace revento::emulator::api
