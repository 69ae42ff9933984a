#include "emulator/api/check_ins_handler.h"

#include "emulator/api/pagination.h"
#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::api {

void HandleListCheckIns(ApiCall& call) {
  CursorScope scope{"check_ins", call.event_id, ""};
  auto request = ParsePageRequest(call.ctx.req, call.cursors, scope);
  if (!request) return call.Refuse(request.error());
  Page<CheckIn> page = SandboxData(call.session.db()).ListCheckIns(call.event_id, request->after_seq, request->limit);
  call.session.Release();
  SendPage(call.ctx.res, page, call.cursors, scope, AppendCheckInJson);
}

}  // namespace revento::emulator::api
