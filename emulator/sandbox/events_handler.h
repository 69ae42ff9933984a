// Organizer actions on an event (docs/webhooks.md "Organizer actions").
//
//   POST /_sandbox/events/{event_id}/publish   draft -> published; event.published
//   POST /_sandbox/events/{event_id}/update    {name, venue, timezone, capacity,
//                                               starts_at, ends_at} (at least one);
//                                               event.updated
//   POST /_sandbox/events/{event_id}/cancel    draft|published -> cancelled;
//                                               event.cancelled
// Each answers 200 {"event": <Read API event>, "delivery_ids": [...]}.
// Errors: 404 not_found (unknown event); 400 invalid_request naming the
// field; 409 invalid_transition (publishing a published or cancelled event,
// updating or cancelling a cancelled one).
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandlePublishEvent(Services& services, http::RequestContext& ctx);
void HandleUpdateEvent(Services& services, http::RequestContext& ctx);
void HandleCancelEvent(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
