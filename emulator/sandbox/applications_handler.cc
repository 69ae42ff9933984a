#include "emulator/sandbox/applications_handler.h"

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

// "Joan Clarke" -> {"Joan", "Clarke"}; a single word is the first name.
std::pair<std::string, std::string> SplitName(const std::string& name) {
  size_t space = name.find(' ');
  if (space == std::string::npos) return {name, ""};
  return {name.substr(0, space), name.substr(space + 1)};
}

}  // namespace

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
  std::string event_id(ctx.Param("event_id"));
  Application application;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    auto event = FindOpenEvent(ctx, data, event_id, "it takes no applications.");
    if (!event) return;
    int64_t now = UnixSeconds(services.clock.Now());
    application.id = services.ids.NewId("app_");
    application.event_id = event_id;
    application.applicant_name = *name;
    application.applicant_email = *email;
    application.answers_json = answers.dump();
    application.status = "pending";
    application.submitted_at = now;
    application.seq = data.InsertApplication(application);
    delivery_ids = Publisher(services.db, services.ids)
                       .Publish(Occurrence{"application.submitted", event_id, event->organization_id,
                                           ApplicationJson(application)},
                                now);
    tx.Commit();
  }
  SendWithDeliveries(services, ctx, 201, {{"application", ApplicationJson(application)}}, delivery_ids);
}

namespace {

// Decides a pending application; on approval also registers the applicant.
void Decide(Services& services, http::RequestContext& ctx, bool approve) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  std::optional<std::string> ticket_type;
  if (approve) {
    if (!OnlyFields(ctx, *body, {"ticket_type"}) || !StringField(ctx, *body, "ticket_type", &ticket_type)) return;
  } else if (!OnlyFields(ctx, *body, {})) {
    return;
  }
  std::string event_id(ctx.Param("event_id"));
  std::string application_id(ctx.Param("application_id"));
  Application application;
  std::optional<Participant> participant;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    auto event = data.FindEvent(event_id);
    if (!event) return SendNotFound(ctx, "event", event_id);
    auto found = data.FindApplication(event_id, application_id);
    if (!found) return SendNotFound(ctx, "application", application_id);
    application = *found;
    if (application.status != "pending") {
      return SendConflict(ctx, "invalid_transition",
                          "Application " + application_id + " is already " + application.status +
                              "; only a pending application can be " + (approve ? "approved." : "rejected."));
    }
    int64_t now = UnixSeconds(services.clock.Now());
    application.status = approve ? "approved" : "rejected";
    application.decided_at = now;
    Publisher publisher(services.db, services.ids);
    if (approve) {
      Participant p;
      p.id = services.ids.NewId("par_");
      p.event_id = event_id;
      std::tie(p.first_name, p.last_name) = SplitName(application.applicant_name);
      p.email = application.applicant_email;
      p.ticket_type = ticket_type.value_or("general");
      p.status = "registered";
      p.registered_at = now;
      p.updated_at = now;
      p.seq = data.InsertParticipant(p);
      application.participant_id = p.id;
      participant = p;
    }
    data.UpdateApplication(application);
    delivery_ids = publisher.Publish(Occurrence{approve ? "application.approved" : "application.rejected", event_id,
                                                event->organization_id, ApplicationJson(application)},
                                     now);
    if (participant) {
      auto more = publisher.Publish(
          Occurrence{"participant.registered", event_id, event->organization_id, ParticipantJson(*participant)}, now);
      delivery_ids.insert(delivery_ids.end(), more.begin(), more.end());
    }
    tx.Commit();
  }
  nlohmann::json out = {{"application", ApplicationJson(application)}};
  if (participant) out["participant"] = ParticipantJson(*participant);
  SendWithDeliveries(services, ctx, 200, out, delivery_ids);
}

}  // namespace

void HandleApproveApplication(Services& services, http::RequestContext& ctx) { Decide(services, ctx, true); }

void HandleRejectApplication(Services& services, http::RequestContext& ctx) { Decide(services, ctx, false); }

}  // namespace revento::emulator::sandbox
