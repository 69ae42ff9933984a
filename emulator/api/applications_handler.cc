#include "emulator/api/applications_handler.h"

#include "emulator/api/pagination.h"
#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::api {

void HandleListApplications(ApiCall& call) {
  std::string status;
  if (call.ctx.req.has_param("status")) {
    status = call.ctx.req.get_param_value("status");
    if (status != "pending" && status != "approved" && status != "rejected") {
      return call.Refuse(ApiError{400,
                                  "invalid_parameter",
                                  "status must be pending, approved or rejected; got \"" + status.substr(0, 32) + "\".",
                                  {}});
    }
  }
  CursorScope scope{"applications", call.event_id, status};
  auto request = ParsePageRequest(call.ctx.req, call.cursors, scope);
  if (!request) return call.Refuse(request.error());
  Page<Application> page =
      SandboxData(call.session.db()).ListApplications(call.event_id, status, request->after_seq, request->limit);
  call.session.Release();
  SendPage(call.ctx.res, page, call.cursors, scope, AppendApplicationJson);
}

void HandleGetApplication(ApiCall& call) {
  std::string_view id = call.ctx.Param("application_id");
  std::optional<Application> application = SandboxData(call.session.db()).FindApplication(call.event_id, id);
  call.session.Release();
  if (!application) {
    return SendApiError(call.ctx,
                        ApiError{404,
                                 "not_found",
                                 "Event " + std::string(call.event_id) + " has no application " + std::string(id) + ".",
                                 {}});
  }
  SendRepresentation(call.ctx.res, *application, AppendApplicationJson);
}

}  // namespace revento::emulator::api
