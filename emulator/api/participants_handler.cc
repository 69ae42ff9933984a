#include "emulator/api/participants_handler.h"

#include "emulator/api/pagination.h"
#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::api {

void HandleListParticipants(ApiCall& call) {
  CursorScope scope{"participants", call.event_id, ""};
  auto request = ParsePageRequest(call.ctx.req, call.cursors, scope);
  if (!request) return call.Refuse(request.error());
  std::string body = BeginListBody(request->limit);
  JsonRows rows = SandboxData(call.session.db())
                      .AppendParticipantRepresentations(call.event_id, request->after_seq, request->limit, body);
  call.session.Release();
  SendListBody(call.ctx.res, std::move(body), rows, call.cursors, scope);
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
