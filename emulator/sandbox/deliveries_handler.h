// The delivery log (docs/webhooks.md "Delivery log").
//
//   GET  /_sandbox/deliveries[?type=&status=&integration=&limit=]
//        {"data": [delivery...]} newest first; limit 1..1000 (default 100)
//   GET  /_sandbox/deliveries/{delivery_id}
//        the delivery with "payload" (the body sent) and "attempts": every
//        attempt's time (sandbox), X-Revento-Timestamp sent, status code,
//        duration, first KiB of the response and error
//   POST /_sandbox/deliveries/{delivery_id}/replay
//        201 {"delivery": the new delivery, "delivery_ids": [its id]}: the
//        same payload bytes as a new delivery id, sent now
//   POST /_sandbox/deliveries/flush
//        sends every delivery due now, waits until every attempt in progress
//        has finished, and answers {"attempts": n, "pending": n,
//        "next_attempt_at": ISO | null}. Retries scheduled later stay
//        scheduled: advance the clock to bring them due.
// Errors: 400 invalid_parameter naming the query parameter; 404 not_found.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"
#include "emulator/webhooks/dispatcher.h"

namespace revento::emulator::sandbox {

void HandleListDeliveries(Services& services, http::RequestContext& ctx);
void HandleGetDelivery(Services& services, http::RequestContext& ctx);
void HandleReplayDelivery(Services& services, http::RequestContext& ctx);
void HandleFlushDeliveries(Services& services, webhooks::Dispatcher& dispatcher, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
