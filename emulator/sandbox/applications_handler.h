// Organizer actions on applications (docs/webhooks.md "Organizer actions").
//
//   POST /_sandbox/events/{event_id}/applications
//        {applicant_name, applicant_email, answers?: object}
//        201 {"application", "delivery_ids"}; application.submitted
//   POST /_sandbox/events/{event_id}/applications/{application_id}/approve
//        {ticket_type?: string (default "general")}
//        pending -> approved, and registers the applicant as a participant:
//        200 {"application", "participant", "delivery_ids"};
//        application.approved AND participant.registered
//   POST /_sandbox/events/{event_id}/applications/{application_id}/reject
//        pending -> rejected; 200 {"application", "delivery_ids"};
//        application.rejected
// Errors: 404 not_found (unknown event or application); 400 invalid_request
// naming the field; 409 invalid_transition (deciding an application that is
// not pending, submitting to a cancelled event).
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleSubmitApplication(Services& services, http::RequestContext& ctx);
void HandleApproveApplication(Services& services, http::RequestContext& ctx);
void HandleRejectApplication(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
