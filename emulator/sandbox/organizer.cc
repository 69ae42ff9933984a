#include "emulator/sandbox/organizer.h"

#include <utility>

#include "emulator/representations/representations.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::sandbox {

namespace {

// The skeleton: `step(tx, data, now)` decides under the lock, inside one
// transaction; a Changed outcome commits, then the deliveries go out.
template <typename T, typename Step>
Outcome<T> Transact(Services& services, Step step) {
  Outcome<T> outcome;
  {
    auto lock = services.db.Lock();
    Transaction tx(services.db);
    SandboxData data(services.db);
    outcome = step(tx, data, UnixSeconds(services.clock.Now()));
    if (!outcome) return outcome;
    tx.Commit();
  }
  if (!outcome->delivery_ids.empty()) services.events.AfterCommit();
  return outcome;
}

portable::expected<Event, Refusal> ExistingEvent(SandboxData& data, const std::string& event_id) {
  auto event = data.FindEvent(event_id);
  if (!event) return portable::unexpected(NotFound{"event", event_id});
  return std::move(*event);
}

// The event a new registration or application goes to: it exists and is not
// cancelled ("Event <id> is cancelled; <refusal>").
portable::expected<Event, Refusal> OpenEvent(SandboxData& data, const std::string& event_id, std::string_view refusal) {
  auto event = ExistingEvent(data, event_id);
  if (event && event->status == "cancelled")
    return portable::unexpected(
        Conflict{"invalid_transition", "Event " + event_id + " is cancelled; " + std::string(refusal)});
  return event;
}

Conflict InvalidTransition(std::string why) { return Conflict{"invalid_transition", std::move(why)}; }

// "Joan Clarke" -> {"Joan", "Clarke"}; a single word is the first name.
std::pair<std::string, std::string> SplitName(const std::string& name) {
  size_t space = name.find(' ');
  if (space == std::string::npos) return {name, ""};
  return {name.substr(0, space), name.substr(space + 1)};
}

// Loads the event, lets `change` refuse or change it, saves it and
// publishes `type`.
template <typename Change>
Outcome<Event> ChangeEvent(Services& services, const std::string& event_id, std::string_view type, Change change) {
  return Transact<Event>(services, [&](Transaction& tx, SandboxData& data, int64_t now) -> Outcome<Event> {
    auto event = ExistingEvent(data, event_id);
    if (!event) return portable::unexpected(event.error());
    if (auto refusal = change(*event)) return portable::unexpected(std::move(*refusal));
    event->updated_at = now;
    data.UpdateEvent(*event);
    auto ids = services.events.Published(
        tx, Occurrence{std::string(type), event->id, event->organization_id, EventJson(*event)}, now);
    return Changed<Event>{std::move(*event), std::move(ids)};
  });
}

// Loads a live participant of the event, lets `change` refuse or change it
// (returning the webhook data, or null for the participant itself), saves
// it and publishes `type`.
template <typename Change>
Outcome<Participant> ChangeParticipant(Services& services, const std::string& event_id,
                                       const std::string& participant_id, std::string_view type, Change change) {
  return Transact<Participant>(services, [&](Transaction& tx, SandboxData& data, int64_t now) -> Outcome<Participant> {
    auto event = ExistingEvent(data, event_id);
    if (!event) return portable::unexpected(event.error());
    auto participant = data.FindParticipant(event_id, participant_id);
    if (!participant) return portable::unexpected(NotFound{"participant", participant_id});
    if (participant->status == "cancelled")
      return portable::unexpected(
          InvalidTransition("Participant " + participant_id + " is cancelled; register them again instead."));
    portable::expected<nlohmann::json, Refusal> webhook_data = change(data, *participant, now);
    if (!webhook_data) return portable::unexpected(std::move(webhook_data.error()));
    participant->updated_at = now;
    data.UpdateParticipant(*participant);
    if (webhook_data->is_null()) *webhook_data = ParticipantJson(*participant);
    auto ids = services.events.Published(
        tx, Occurrence{std::string(type), event_id, event->organization_id, std::move(*webhook_data)}, now);
    return Changed<Participant>{std::move(*participant), std::move(ids)};
  });
}

}  // namespace

Outcome<Event> Organizer::PublishEvent(const std::string& event_id) {
  return ChangeEvent(services_, event_id, "event.published", [](Event& event) -> std::optional<Refusal> {
    if (event.status != "draft") {
      return InvalidTransition("Event " + event.id + " is " + event.status +
                               "; only a draft event can be published (reset the sandbox to get the draft back).");
    }
    event.status = "published";
    return std::nullopt;
  });
}

Outcome<Event> Organizer::UpdateEvent(const std::string& event_id, const EventEdits& edits) {
  return ChangeEvent(services_, event_id, "event.updated", [&](Event& event) -> std::optional<Refusal> {
    if (event.status == "cancelled")
      return InvalidTransition("Event " + event.id + " is cancelled; a cancelled event cannot change.");
    if (edits.name) event.name = *edits.name;
    if (edits.venue) event.venue = *edits.venue;
    if (edits.timezone) event.timezone = *edits.timezone;
    if (edits.capacity) event.capacity = *edits.capacity;
    if (edits.starts_at) event.starts_at = *edits.starts_at;
    if (edits.ends_at) event.ends_at = *edits.ends_at;
    if (event.ends_at < event.starts_at) return Invalid{"ends_at: must not be before starts_at"};
    return std::nullopt;
  });
}

Outcome<Event> Organizer::CancelEvent(const std::string& event_id) {
  return ChangeEvent(services_, event_id, "event.cancelled", [](Event& event) -> std::optional<Refusal> {
    if (event.status == "cancelled") return InvalidTransition("Event " + event.id + " is already cancelled.");
    event.status = "cancelled";
    return std::nullopt;
  });
}

Outcome<Application> Organizer::SubmitApplication(const std::string& event_id, const NewApplication& submitted) {
  return Transact<Application>(services_, [&](Transaction& tx, SandboxData& data, int64_t now) -> Outcome<Application> {
    auto event = OpenEvent(data, event_id, "it takes no applications.");
    if (!event) return portable::unexpected(event.error());
    Application application;
    application.id = services_.ids.NewId("app_");
    application.event_id = event_id;
    application.applicant_name = submitted.applicant_name;
    application.applicant_email = submitted.applicant_email;
    application.answers_json = submitted.answers_json;
    application.status = "pending";
    application.submitted_at = now;
    application.seq = data.InsertApplication(application);
    auto ids = services_.events.Published(
        tx, Occurrence{"application.submitted", event_id, event->organization_id, ApplicationJson(application)}, now);
    return Changed<Application>{std::move(application), std::move(ids)};
  });
}

Outcome<Decision> Organizer::ApproveApplication(const std::string& event_id, const std::string& application_id,
                                                const std::optional<std::string>& ticket_type) {
  return Decide(event_id, application_id, true, ticket_type);
}

Outcome<Decision> Organizer::RejectApplication(const std::string& event_id, const std::string& application_id) {
  return Decide(event_id, application_id, false, std::nullopt);
}

Outcome<Decision> Organizer::Decide(const std::string& event_id, const std::string& application_id, bool approve,
                                    const std::optional<std::string>& ticket_type) {
  return Transact<Decision>(services_, [&](Transaction& tx, SandboxData& data, int64_t now) -> Outcome<Decision> {
    auto event = ExistingEvent(data, event_id);
    if (!event) return portable::unexpected(event.error());
    auto found = data.FindApplication(event_id, application_id);
    if (!found) return portable::unexpected(NotFound{"application", application_id});
    Decision decision{std::move(*found), std::nullopt};
    Application& application = decision.application;
    if (application.status != "pending") {
      return portable::unexpected(InvalidTransition("Application " + application_id + " is already " + application.status +
                                               "; only a pending application can be " +
                                               (approve ? "approved." : "rejected.")));
    }
    application.status = approve ? "approved" : "rejected";
    application.decided_at = now;
    if (approve) {
      Participant p;
      p.id = services_.ids.NewId("par_");
      p.event_id = event_id;
      std::tie(p.first_name, p.last_name) = SplitName(application.applicant_name);
      p.email = application.applicant_email;
      p.ticket_type = ticket_type.value_or("general");
      p.status = "registered";
      p.registered_at = now;
      p.updated_at = now;
      p.seq = data.InsertParticipant(p);
      application.participant_id = p.id;
      decision.participant = std::move(p);
    }
    data.UpdateApplication(application);
    auto ids = services_.events.Published(tx,
                                          Occurrence{approve ? "application.approved" : "application.rejected",
                                                     event_id, event->organization_id, ApplicationJson(application)},
                                          now);
    if (decision.participant) {
      auto more = services_.events.Published(tx,
                                             Occurrence{"participant.registered", event_id, event->organization_id,
                                                        ParticipantJson(*decision.participant)},
                                             now);
      ids.insert(ids.end(), more.begin(), more.end());
    }
    return Changed<Decision>{std::move(decision), std::move(ids)};
  });
}

Outcome<Participant> Organizer::RegisterParticipant(const std::string& event_id, const NewParticipant& registered) {
  return Transact<Participant>(services_, [&](Transaction& tx, SandboxData& data, int64_t now) -> Outcome<Participant> {
    auto event = OpenEvent(data, event_id, "nobody can register.");
    if (!event) return portable::unexpected(event.error());
    Participant p;
    p.id = services_.ids.NewId("par_");
    p.event_id = event_id;
    p.first_name = registered.first_name;
    p.last_name = registered.last_name;
    p.email = registered.email;
    p.ticket_type = registered.ticket_type.value_or("general");
    p.status = "registered";
    p.registered_at = now;
    p.updated_at = now;
    p.seq = data.InsertParticipant(p);
    auto ids = services_.events.Published(
        tx, Occurrence{"participant.registered", event_id, event->organization_id, ParticipantJson(p)}, now);
    return Changed<Participant>{std::move(p), std::move(ids)};
  });
}

Outcome<Participant> Organizer::UpdateParticipant(const std::string& event_id, const std::string& participant_id,
                                                  const ParticipantEdits& edits) {
  return ChangeParticipant(services_, event_id, participant_id, "participant.updated",
                           [&](SandboxData&, Participant& p, int64_t) -> portable::expected<nlohmann::json, Refusal> {
                             if (edits.first_name) p.first_name = *edits.first_name;
                             if (edits.last_name) p.last_name = *edits.last_name;
                             if (edits.email) p.email = *edits.email;
                             if (edits.ticket_type) p.ticket_type = *edits.ticket_type;
                             return nullptr;
                           });
}

Outcome<Participant> Organizer::CancelParticipant(const std::string& event_id, const std::string& participant_id) {
  return ChangeParticipant(services_, event_id, participant_id, "participant.cancelled",
                           [](SandboxData&, Participant& p, int64_t) -> portable::expected<nlohmann::json, Refusal> {
                             p.status = "cancelled";
                             return nullptr;
                           });
}

Outcome<CheckedIn> Organizer::CheckInParticipant(const std::string& event_id, const std::string& participant_id,
                                                 const std::string& method) {
  CheckIn check_in;
  auto changed =
      ChangeParticipant(services_, event_id, participant_id, "participant.checked_in",
                        [&](SandboxData& data, Participant& p, int64_t now) -> portable::expected<nlohmann::json, Refusal> {
                          if (p.checked_in_at) {
                            return portable::unexpected(InvalidTransition("Participant " + p.id + " already checked in at " +
                                                                     IsoTimestampFromUnix(*p.checked_in_at) + "."));
                          }
                          check_in.id = services_.ids.NewId("chk_");
                          check_in.event_id = p.event_id;
                          check_in.participant_id = p.id;
                          check_in.checked_in_at = now;
                          check_in.method = method;
                          check_in.seq = data.InsertCheckIn(check_in);
                          p.checked_in_at = now;
                          return CheckInJson(check_in);
                        });
  if (!changed) return portable::unexpected(std::move(changed.error()));
  return Changed<CheckedIn>{CheckedIn{std::move(changed->value), std::move(check_in)},
                            std::move(changed->delivery_ids)};
}

Outcome<InstallationRecord> Organizer::RevokeInstallation(const std::string& installation_id) {
  return Transact<InstallationRecord>(
      services_, [&](Transaction& tx, SandboxData&, int64_t now) -> Outcome<InstallationRecord> {
        TokenFamilies families(services_.db);
        auto found = families.FindInstallation(installation_id);
        if (!found) return portable::unexpected(NotFound{"installation", installation_id});
        if (found->revoked_at || !families.RevokeFamily(installation_id, now, kOrganizerRevokedReason)) {
          return portable::unexpected(
              Conflict{"already_revoked", "Installation " + installation_id + " was already revoked (" +
                                              found->revoked_reason.value_or("revoked by a concurrent request") +
                                              "); a revoked installation stays revoked. Connect the integration "
                                              "again for a new one."});
        }
        auto ids = services_.events.InstallationRevoked(tx, installation_id, kOrganizerRevokedReason, now);
        return Changed<InstallationRecord>{*families.FindInstallation(installation_id), std::move(ids)};
      });
}

}  // namespace revento::emulator::sandbox
