// The organizer's rules: what an organizer may do to an event, its
// applications, its participants and the installations on it, as the
// /_sandbox organizer actions (and the console) expose them. HTTP-free: each
// action returns a typed Outcome that the handlers map to a status and body.
//
// Every action runs the same skeleton once: under the database lock, in one
// Transaction, load the aggregate, refuse or change it, save it and raise
// the domain event (DomainEvents::Published / InstallationRevoked) inside
// that transaction, commit; then, without the lock, DomainEvents::AfterCommit
// when the event caused deliveries. A refusal changes nothing.
//
// Transitions and refusals (`Conflict::code` is invalid_transition unless
// said otherwise; the texts are the ones the API answers):
//   event        draft -> published (PublishEvent; anything else refused),
//                any but cancelled -> edited (UpdateEvent; Invalid when
//                ends_at ends up before starts_at), any but cancelled ->
//                cancelled (CancelEvent)
//   application  submitted as pending to an event that is not cancelled;
//                pending -> approved (registers the applicant as a
//                participant: application.approved then participant.registered)
//                or rejected
//   participant  registered on an event that is not cancelled; a cancelled
//                participant is refused every change; registered -> edited,
//                cancelled, checked in (once: a second check-in is refused)
//   installation live -> revoked by the organizer (reason "organizer", every
//                token of the family with it); an installation revoked by
//                any cause is refused with code already_revoked
// An unknown event, application, participant or installation is NotFound.
//
// Thread safety: every action takes the database lock itself; call without
// holding it. An Organizer is cheap: build one per request.
#pragma once

#include <cstdint>
#include "portable/expected.h"
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "emulator/services.h"
#include "emulator/store/records.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::sandbox {

inline constexpr const char* kOrganizerRevokedReason = "organizer";

// No `what` (event, application, participant, installation) with that id.
struct NotFound {
  std::string what;
  std::string id;
};
// The resource is not in a state that allows the action.
struct Conflict {
  std::string code;
  std::string why;
};
// The action's input is wrong given the resource (an invalid_request).
struct Invalid {
  std::string why;
};
using Refusal = std::variant<NotFound, Conflict, Invalid>;

// The resource(s) as saved, and the deliveries the change caused.
template <typename T>
struct Changed {
  T value;
  std::vector<std::string> delivery_ids;
};

template <typename T>
using Outcome = portable::expected<Changed<T>, Refusal>;

// Fields an edit sets; an absent field is left as it is.
struct EventEdits {
  std::optional<std::string> name, venue, timezone;
  std::optional<int64_t> capacity, starts_at, ends_at;
};
struct NewApplication {
  std::string applicant_name;
  std::string applicant_email;
  std::string answers_json;  // a JSON object
};
struct NewParticipant {
  std::string first_name, last_name, email;
  std::optional<std::string> ticket_type;  // default "general"
};
struct ParticipantEdits {
  std::optional<std::string> first_name, last_name, email, ticket_type;
};

// A decided application, and the participant an approval registered.
struct Decision {
  Application application;
  std::optional<Participant> participant;
};
struct CheckedIn {
  Participant participant;
  CheckIn check_in;
};

class Organizer {
 public:
  explicit Organizer(Services& services) : services_(services) {}

  Outcome<Event> PublishEvent(const std::string& event_id);
  Outcome<Event> UpdateEvent(const std::string& event_id, const EventEdits& edits);
  Outcome<Event> CancelEvent(const std::string& event_id);

  Outcome<Application> SubmitApplication(const std::string& event_id, const NewApplication& application);
  // Approving registers the applicant with `ticket_type` (default "general").
  Outcome<Decision> ApproveApplication(const std::string& event_id, const std::string& application_id,
                                       const std::optional<std::string>& ticket_type);
  Outcome<Decision> RejectApplication(const std::string& event_id, const std::string& application_id);

  Outcome<Participant> RegisterParticipant(const std::string& event_id, const NewParticipant& participant);
  Outcome<Participant> UpdateParticipant(const std::string& event_id, const std::string& participant_id,
                                         const ParticipantEdits& edits);
  Outcome<Participant> CancelParticipant(const std::string& event_id, const std::string& participant_id);
  // `method` is qr or manual (the caller checked it).
  Outcome<CheckedIn> CheckInParticipant(const std::string& event_id, const std::string& participant_id,
                                        const std::string& method);

  // The installation as it is after the revocation.
  Outcome<InstallationRecord> RevokeInstallation(const std::string& installation_id);

 private:
  Outcome<Decision> Decide(const std::string& event_id, const std::string& application_id, bool approve,
                           const std::optional<std::string>& ticket_type);

  Services& services_;
};

}  // namespace revento::emulator::sandbox
