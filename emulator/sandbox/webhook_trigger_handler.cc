#include "emulator/sandbox/webhook_trigger_handler.h"

#include "emulator/representations/representations.h"
#include "emulator/catalog.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/store/sandbox_data.h"
#include "emulator/webhooks/payloads.h"
#include "emulator/webhooks/publisher.h"

namespace revento::emulator::sandbox {

namespace {

std::string KnownTypes() {
  std::string out;
  for (const auto& t : WebhookTypes()) out += (out.empty() ? "" : ", ") + std::string(t.type);
  return out;
}

}  // namespace

void HandleTriggerWebhook(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {"type", "event_id", "overrides", "application_id", "participant_id"})) return;
  std::optional<std::string> type, event_id, application_id, participant_id;
  if (!StringField(ctx, *body, "type", &type, true) || !StringField(ctx, *body, "event_id", &event_id, true) ||
      !StringField(ctx, *body, "application_id", &application_id) ||
      !StringField(ctx, *body, "participant_id", &participant_id)) {
    return;
  }
  if (!FindWebhookType(*type))
    return BadField(ctx, "type", "unknown webhook type \"" + *type + "\" (known: " + KnownTypes() + ")");
  nlohmann::json overrides = body->value("overrides", nlohmann::json::object());
  if (!overrides.is_object()) return BadField(ctx, "overrides", "must be a JSON object (a JSON merge patch of data)");

  nlohmann::json data;
  std::vector<std::string> delivery_ids;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData store(services.db);
    auto event = store.FindEvent(*event_id);
    if (!event) return BadField(ctx, "event_id", "unknown event \"" + *event_id + "\"");
    int64_t now = UnixSeconds(services.clock.Now());
    webhooks::Publisher publisher(services.db, services.ids);
    webhooks::Occurrence occurrence{*type, event->id, event->organization_id, nullptr};
    if (type->starts_with("event.")) {
      data = EventJson(*event);
    } else if (type->starts_with("application.")) {
      std::optional<Application> application;
      if (application_id) {
        application = store.FindApplication(event->id, *application_id);
        if (!application)
          return BadField(ctx, "application_id", "no application \"" + *application_id + "\" on this event");
      } else if (auto page = store.ListApplications(event->id, "", 0, 1); !page.rows.empty()) {
        application = page.rows.front();
      }
      if (!application) {
        return SendConflict(ctx, "nothing_to_trigger",
                            "Event " + event->id + " has no applications; submit one first.");
      }
      data = ApplicationJson(*application);
    } else if (type->starts_with("participant.")) {
      std::optional<Participant> participant;
      if (participant_id) {
        participant = store.FindParticipant(event->id, *participant_id);
        if (!participant)
          return BadField(ctx, "participant_id", "no participant \"" + *participant_id + "\" on this event");
      } else if (auto page = store.ListParticipants(event->id, 0, 1); !page.rows.empty()) {
        participant = page.rows.front();
      }
      if (!participant) {
        return SendConflict(ctx, "nothing_to_trigger",
                            "Event " + event->id + " has no participants; register one first.");
      }
      if (*type == "participant.checked_in") {
        CheckIn check_in{0,       "chk_synthetic", event->id, participant->id, participant->checked_in_at.value_or(now),
                         "manual"};
        data = CheckInJson(check_in);
      } else {
        data = ParticipantJson(*participant);
      }
    }
    if (*type == "installation.revoked") {
      data = webhooks::InstallationRevokedData("ins_synthetic", "int_synthetic", event->id, "sandbox trigger", now);
      data.merge_patch(overrides);
      nlohmann::json patch = overrides;
      delivery_ids = publisher.PublishEach(occurrence, now, [&](const webhooks::Recipient& r) {
        nlohmann::json d =
            webhooks::InstallationRevokedData(r.installation_id, r.integration_id, event->id, "sandbox trigger", now);
        d.merge_patch(patch);
        return d;
      });
    } else {
      data.merge_patch(overrides);
      occurrence.data = data;
      delivery_ids = publisher.Publish(occurrence, now);
    }
    tx.Commit();
  }
  SendWithDeliveries(services, ctx, 200, {{"type", *type}, {"event_id", *event_id}, {"data", data}}, delivery_ids);
}

}  // namespace revento::emulator::sandbox
