#include "emulator/sandbox/participants_handler.h"

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

bool ValidEmail(http::RequestContext& ctx, const std::optional<std::string>& email) {
  if (email && email->find('@') == std::string::npos) {
    http::SendReventoError(ctx.res, 400, "invalid_request", "email: must be an email address", ctx.request_id);
    return false;
  }
  return true;
}

// Loads a participant of the event, applies `change` (which may refuse and
// return false), saves it and publishes `type` with the data `change` sets.
template <typename Change>
void ChangeParticipant(Services& services, http::RequestContext& ctx, std::string_view type, Change change) {
  std::string event_id(ctx.Param("event_id"));
  std::string participant_id(ctx.Param("participant_id"));
  Participant participant;
  nlohmann::json out;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    auto event = data.FindEvent(event_id);
    if (!event) return SendNotFound(ctx, "event", event_id);
    auto found = data.FindParticipant(event_id, participant_id);
    if (!found) return SendNotFound(ctx, "participant", participant_id);
    participant = *found;
    if (participant.status == "cancelled") {
      return SendConflict(ctx, "invalid_transition",
                          "Participant " + participant_id + " is cancelled; register them again instead.");
    }
    int64_t now = UnixSeconds(services.clock.Now());
    nlohmann::json webhook_data;
    if (!change(data, participant, now, &webhook_data, &out)) return;
    participant.updated_at = now;
    data.UpdateParticipant(participant);
    if (webhook_data.is_null()) webhook_data = ParticipantJson(participant);
    delivery_ids = Publisher(services.db, services.ids)
                       .Publish(Occurrence{std::string(type), event_id, event->organization_id, webhook_data}, now);
    tx.Commit();
  }
  out["participant"] = ParticipantJson(participant);
  SendWithDeliveries(services, ctx, 200, out, delivery_ids);
}

}  // namespace

void HandleRegisterParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"first_name", "last_name", "email", "ticket_type"})) return;
  std::optional<std::string> first_name, last_name, email, ticket_type;
  if (!StringField(ctx, *body, "first_name", &first_name, true) ||
      !StringField(ctx, *body, "last_name", &last_name, true) || !StringField(ctx, *body, "email", &email, true) ||
      !StringField(ctx, *body, "ticket_type", &ticket_type) || !ValidEmail(ctx, email)) {
    return;
  }
  std::string event_id(ctx.Param("event_id"));
  Participant p;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    auto event = FindOpenEvent(ctx, data, event_id, "nobody can register.");
    if (!event) return;
    int64_t now = UnixSeconds(services.clock.Now());
    p.id = services.ids.NewId("par_");
    p.event_id = event_id;
    p.first_name = *first_name;
    p.last_name = *last_name;
    p.email = *email;
    p.ticket_type = ticket_type.value_or("general");
    p.status = "registered";
    p.registered_at = now;
    p.updated_at = now;
    p.seq = data.InsertParticipant(p);
    delivery_ids =
        Publisher(services.db, services.ids)
            .Publish(Occurrence{"participant.registered", event_id, event->organization_id, ParticipantJson(p)}, now);
    tx.Commit();
  }
  SendWithDeliveries(services, ctx, 201, {{"participant", ParticipantJson(p)}}, delivery_ids);
}

void HandleUpdateParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"first_name", "last_name", "email", "ticket_type"})) return;
  std::optional<std::string> first_name, last_name, email, ticket_type;
  if (!StringField(ctx, *body, "first_name", &first_name) || !StringField(ctx, *body, "last_name", &last_name) ||
      !StringField(ctx, *body, "email", &email) || !StringField(ctx, *body, "ticket_type", &ticket_type) ||
      !ValidEmail(ctx, email)) {
    return;
  }
  if (body->empty()) {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  "Send at least one of first_name, last_name, email, ticket_type.", ctx.request_id);
  }
  ChangeParticipant(services, ctx, "participant.updated",
                    [&](SandboxData&, Participant& p, int64_t, nlohmann::json*, nlohmann::json*) {
                      if (first_name) p.first_name = *first_name;
                      if (last_name) p.last_name = *last_name;
                      if (email) p.email = *email;
                      if (ticket_type) p.ticket_type = *ticket_type;
                      return true;
                    });
}

void HandleCancelParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body || !OnlyFields(ctx, *body, {})) return;
  ChangeParticipant(services, ctx, "participant.cancelled",
                    [&](SandboxData&, Participant& p, int64_t, nlohmann::json*, nlohmann::json*) {
                      p.status = "cancelled";
                      return true;
                    });
}

void HandleCheckInParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body || !OnlyFields(ctx, *body, {"method"})) return;
  std::optional<std::string> method;
  if (!StringField(ctx, *body, "method", &method)) return;
  if (method && *method != "qr" && *method != "manual") {
    return http::SendReventoError(ctx.res, 400, "invalid_request", "method: must be \"qr\" or \"manual\"",
                                  ctx.request_id);
  }
  ChangeParticipant(
      services, ctx, "participant.checked_in",
      [&](SandboxData& data, Participant& p, int64_t now, nlohmann::json* webhook_data, nlohmann::json* out) {
        if (p.checked_in_at) {
          SendConflict(
              ctx, "invalid_transition",
              "Participant " + p.id + " already checked in at " + IsoTimestampFromUnix(*p.checked_in_at) + ".");
          return false;
        }
        CheckIn check_in;
        check_in.id = services.ids.NewId("chk_");
        check_in.event_id = p.event_id;
        check_in.participant_id = p.id;
        check_in.checked_in_at = now;
        check_in.method = method.value_or("manual");
        check_in.seq = data.InsertCheckIn(check_in);
        p.checked_in_at = now;
        *webhook_data = CheckInJson(check_in);
        (*out)["check_in"] = CheckInJson(check_in);
        return true;
      });
}

}  // namespace revento::emulator::sandbox
