#include "emulator/sandbox/participants_handler.h"

#include "emulator/http/errors.h"
#include "emulator/representations/representations.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/organizer.h"

namespace revento::emulator::sandbox {

namespace {

bool ValidEmail(http::RequestContext& ctx, const std::optional<std::string>& email) {
  if (email && email->find('@') == std::string::npos) {
    http::SendReventoError(ctx.res, 400, "invalid_request", "email: must be an email address", ctx.request_id);
    return false;
  }
  return true;
}

void SendParticipant(http::RequestContext& ctx, int status, const Outcome<Participant>& outcome) {
  if (!outcome) return SendRefusal(ctx, outcome.error());
  SendChanged(ctx, status, {{"participant", ParticipantJson(outcome->value)}}, outcome->delivery_ids);
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
  SendParticipant(
      ctx, 201,
      Organizer(services).RegisterParticipant(std::string(ctx.Param("event_id")),
                                              NewParticipant{*first_name, *last_name, *email, ticket_type}));
}

void HandleUpdateParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"first_name", "last_name", "email", "ticket_type"})) return;
  ParticipantEdits edits;
  if (!StringField(ctx, *body, "first_name", &edits.first_name) ||
      !StringField(ctx, *body, "last_name", &edits.last_name) || !StringField(ctx, *body, "email", &edits.email) ||
      !StringField(ctx, *body, "ticket_type", &edits.ticket_type) || !ValidEmail(ctx, edits.email)) {
    return;
  }
  if (body->empty()) {
    return http::SendReventoError(ctx.res, 400, "invalid_request",
                                  "Send at least one of first_name, last_name, email, ticket_type.", ctx.request_id);
  }
  SendParticipant(ctx, 200,
                  Organizer(services).UpdateParticipant(std::string(ctx.Param("event_id")),
                                                        std::string(ctx.Param("participant_id")), edits));
}

void HandleCancelParticipant(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body || !OnlyFields(ctx, *body, {})) return;
  SendParticipant(ctx, 200,
                  Organizer(services).CancelParticipant(std::string(ctx.Param("event_id")),
                                                        std::string(ctx.Param("participant_id"))));
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
  auto outcome = Organizer(services).CheckInParticipant(
      std::string(ctx.Param("event_id")), std::string(ctx.Param("participant_id")), method.value_or("manual"));
  if (!outcome) return SendRefusal(ctx, outcome.error());
  SendChanged(ctx, 200,
              {{"check_in", CheckInJson(outcome->value.check_in)},
               {"participant", ParticipantJson(outcome->value.participant)}},
              outcome->delivery_ids);
}

}  // namespace revento::emulator::sandbox
