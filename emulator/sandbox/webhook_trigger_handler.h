// A synthetic webhook of any catalog type (docs/webhooks.md "Trigger").
//
//   POST /_sandbox/webhooks/trigger
//        {type, event_id, overrides?: object, application_id?, participant_id?}
// `data` starts as the current Read API representation of the resource the
// type is about: the event; the named (else the oldest) application or
// participant of the event; for participant.checked_in that participant's
// check-in (a synthetic one when they have not checked in); for
// installation.revoked each recipient's own installation. `overrides` is
// then merged into it as a JSON merge patch (RFC 7386). Nothing in the
// sandbox changes; the occurrence fans out like a real one.
// Answers 200 {"type", "event_id", "data", "delivery_ids"}.
// Errors: 400 invalid_request naming the field (unknown type, missing or
// unknown event_id, overrides not an object, unknown resource id); 409
// nothing_to_trigger when the event has no application / participant.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleTriggerWebhook(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
