#include "emulator/sandbox/applications_handler.h"

#include "emulator/http/errors.h"
#include "emulator/representations/representations.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/sandbox/organizer.h"

namespace revento::emulator::sandbox {

void HandleSubmitApplication(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"applicant_name", "applicant_email", "answers"})) return;
  std::optional<std::string> name, email;
  if (!StringField(ctx, *body, "applicant_name", &name, true) ||
      !StringField(ctx, *body, "applicant_email", &email, true)) {
    return;
  }
  if (email->find('@') == std::string::npos) {
    return http::SendReventoError(ctx.res, 400, "invalid_request", "applicant_email: must be an email address",
                                  ctx.request_id);
  }
  nlohmann::json answers = body->value("answers", nlohmann::json::object());
  if (!answers.is_object()) {
    return http::SendReventoError(ctx.res, 400, "invalid_request", "answers: must be a JSON object", ctx.request_id);
  }
  auto outcome = Organizer(services).SubmitApplication(std::string(ctx.Param("event_id")),
                                                       NewApplication{*name, *email, answers.dump()});
  if (!outcome) return SendRefusal(ctx, outcome.error());
  SendChanged(ctx, 201, {{"application", ApplicationJson(outcome->value)}}, outcome->delivery_ids);
}

namespace {

void SendDecision(http::RequestContext& ctx, const Outcome<Decision>& outcome) {
  if (!outcome) return SendRefusal(ctx, outcome.error());
  nlohmann::json out = {{"application", ApplicationJson(outcome->value.application)}};
  if (outcome->value.participant) out["participant"] = ParticipantJson(*outcome->value.participant);
  SendChanged(ctx, 200, out, outcome->delivery_ids);
}

}  // namespace

void HandleApproveApplication(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  std::optional<std::string> ticket_type;
  if (!OnlyFields(ctx, *body, {"ticket_type"}) || !StringField(ctx, *body, "ticket_type", &ticket_type)) return;
  SendDecision(ctx, Organizer(services).ApproveApplication(std::string(ctx.Param("event_id")),
                                                           std::string(ctx.Param("application_id")), ticket_type));
}

void HandleRejectApplication(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body || !OnlyFields(ctx, *body, {})) return;
  SendDecision(ctx, Organizer(services).RejectApplication(std::string(ctx.Param("event_id")),
                                                          std::string(ctx.Param("application_id"))));
}

}  // namespace revento::emulator::sandbox
