// The applications to the bound event (scope applications.read):
//   GET /api/v1/events/{event_id}/applications[?status=&limit=&cursor=]
//       a page in submission order (ApplicationJson each, docs/api.md);
//       `status` is pending, approved or rejected, anything else (empty
//       included) is 400 invalid_parameter. A cursor is bound to the status
//       filter it was issued under.
//   GET /api/v1/events/{event_id}/applications/{application_id}
//       one application; 404 not_found if the event has no such application.
// Thread safety: stateless.
#pragma once

#include "emulator/api/read_api.h"

namespace revento::emulator::api {

void HandleListApplications(ApiCall& call);
void HandleGetApplication(ApiCall& call);

}  // namespace revento::emulator::api
