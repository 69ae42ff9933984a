// Organizer actions on participants (docs/webhooks.md "Organizer actions").
//
//   POST /_sandbox/events/{event_id}/participants
//        {first_name, last_name, email, ticket_type? (default "general")}
//        201 {"participant", "delivery_ids"}; participant.registered
//   POST /_sandbox/events/{event_id}/participants/{participant_id}/update
//        {first_name?, last_name?, email?, ticket_type?} (at least one)
//        200 {"participant", "delivery_ids"}; participant.updated
//   POST /_sandbox/events/{event_id}/participants/{participant_id}/cancel
//        registered -> cancelled; 200; participant.cancelled
//   POST /_sandbox/events/{event_id}/participants/{participant_id}/check-in
//        {method?: "qr" | "manual" (default "manual")}
//        inserts a check-in and sets checked_in_at;
//        200 {"participant", "check_in", "delivery_ids"};
//        participant.checked_in (data: the check-in)
// Errors: 404 not_found; 400 invalid_request naming the field; 409
// invalid_transition (registering for a cancelled event, changing,
// cancelling or checking in a cancelled participant, checking in twice).
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleRegisterParticipant(Services& services, http::RequestContext& ctx);
void HandleUpdateParticipant(Services& services, http::RequestContext& ctx);
void HandleCancelParticipant(Services& services, http::RequestContext& ctx);
void HandleCheckInParticipant(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
