#include "emulator/sandbox/events_handler.h"

#include "emulator/http/errors.h"
#include "emulator/representations/representations.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/organizer.h"

namespace revento::emulator::sandbox {

namespace {

void SendEvent(http::RequestContext& ctx, const Outcome<Event>& outcome) {
  if (!outcome) return SendRefusal(ctx, outcome.error());
  SendChanged(ctx, 200, {{"event", EventJson(outcome->value)}}, outcome->delivery_ids);
}

}  // namespace

void HandlePublishEvent(Services& services, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  SendEvent(ctx, Organizer(services).PublishEvent(std::string(ctx.Param("event_id"))));
}

void HandleUpdateEvent(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"name", "venue", "timezone", "capacity", "starts_at", "ends_at"})) return;
  EventEdits edits;
  if (!StringField(ctx, *body, "name", &edits.name) || !StringField(ctx, *body, "venue", &edits.venue) ||
      !StringField(ctx, *body, "timezone", &edits.timezone) ||
      !PositiveIntField(ctx, *body, "capacity", &edits.capacity) ||
      !TimeField(ctx, *body, "starts_at", &edits.starts_at) || !TimeField(ctx, *body, "ends_at", &edits.ends_at)) {
    return;
  }
  if (body->empty()) {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  "Send at least one of name, venue, timezone, capacity, starts_at, ends_at.",
                                  ctx.request_id);
  }
  SendEvent(ctx, Organizer(services).UpdateEvent(std::string(ctx.Param("event_id")), edits));
}

void HandleCancelEvent(Services& services, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  SendEvent(ctx, Organizer(services).CancelEvent(std::string(ctx.Param("event_id"))));
}

}  // namespace revento::emulator::sandbox
