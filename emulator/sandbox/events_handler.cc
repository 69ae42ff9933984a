#include "emulator/sandbox/events_handler.h"

#include "emulator/representations/representations.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/store/sandbox_data.h"
#include "emulator/webhooks/publisher.h"

namespace revento::emulator::sandbox {

namespace {

using webhooks::Occurrence;
using webhooks::Publisher;

// Loads the event, applies `change` (which may refuse with a 409 and return
// false), saves it and publishes `type`.
template <typename Change>
void ChangeEvent(Services& services, http::RequestContext& ctx, std::string_view type, Change change) {
  std::string event_id(ctx.Param("event_id"));
  Event event;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    auto found = data.FindEvent(event_id);
    if (!found) return SendNotFound(ctx, "event", event_id);
    event = *found;
    if (!change(event)) return;
    int64_t now = UnixSeconds(services.clock.Now());
    event.updated_at = now;
    data.UpdateEvent(event);
    delivery_ids = Publisher(services.db, services.ids)
                       .Publish(Occurrence{std::string(type), event.id, event.organization_id, EventJson(event)}, now);
    tx.Commit();
  }
  SendWithDeliveries(services, ctx, 200, {{"event", EventJson(event)}}, delivery_ids);
}

}  // namespace

void HandlePublishEvent(Services& services, http::RequestContext& ctx) {
  ChangeEvent(services, ctx, "event.published", [&](Event& event) {
    if (event.status != "draft") {
      SendConflict(ctx, "invalid_transition",
                   "Event " + event.id + " is " + event.status +
                       "; only a draft event can be published (reset the sandbox to get the draft back).");
      return false;
    }
    event.status = "published";
    return true;
  });
}

void HandleUpdateEvent(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"name", "venue", "timezone", "capacity", "starts_at", "ends_at"})) return;
  std::optional<std::string> name, venue, timezone;
  std::optional<int64_t> capacity, starts_at, ends_at;
  if (!StringField(ctx, *body, "name", &name) || !StringField(ctx, *body, "venue", &venue) ||
      !StringField(ctx, *body, "timezone", &timezone) || !PositiveIntField(ctx, *body, "capacity", &capacity) ||
      !TimeField(ctx, *body, "starts_at", &starts_at) || !TimeField(ctx, *body, "ends_at", &ends_at)) {
    return;
  }
  if (body->empty()) {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  "Send at least one of name, venue, timezone, capacity, starts_at, ends_at.",
                                  ctx.request_id);
  }
  ChangeEvent(services, ctx, "event.updated", [&](Event& event) {
    if (event.status == "cancelled") {
      SendConflict(ctx, "invalid_transition", "Event " + event.id + " is cancelled; a cancelled event cannot change.");
      return false;
    }
    if (name) event.name = *name;
    if (venue) event.venue = *venue;
    if (timezone) event.timezone = *timezone;
    if (capacity) event.capacity = *capacity;
    if (starts_at) event.starts_at = *starts_at;
    if (ends_at) event.ends_at = *ends_at;
    if (event.ends_at < event.starts_at) {
      http::SendReventoError(ctx.res, 400, "invalid_request", "ends_at: must not be before starts_at", ctx.request_id);
      return false;
    }
    return true;
  });
}

void HandleCancelEvent(Services& services, http::RequestContext& ctx) {
  ChangeEvent(services, ctx, "event.cancelled", [&](Event& event) {
    if (event.status == "cancelled") {
      SendConflict(ctx, "invalid_transition", "Event " + event.id + " is already cancelled.");
      return false;
    }
    event.status = "cancelled";
    return true;
  });
}

}  // namespace revento::emulator::sandbox
