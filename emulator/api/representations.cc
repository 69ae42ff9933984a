#include "emulator/api/representations.h"

#include "emulator/clock.h"

namespace revento::emulator {

namespace {
nlohmann::json OptionalTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(IsoTimestampFromUnix(*t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json EventJson(const Event& e) {
  return {{"id", e.id},
          {"object", "event"},
          {"organization_id", e.organization_id},
          {"name", e.name},
          {"status", e.status},
          {"starts_at", IsoTimestampFromUnix(e.starts_at)},
          {"ends_at", IsoTimestampFromUnix(e.ends_at)},
          {"timezone", e.timezone},
          {"venue", e.venue},
          {"capacity", e.capacity},
          {"created_at", IsoTimestampFromUnix(e.created_at)},
          {"updated_at", IsoTimestampFromUnix(e.updated_at)}};
}

nlohmann::json ParticipantJson(const Participant& p) {
  return {{"id", p.id},
          {"object", "participant"},
          {"event_id", p.event_id},
          {"first_name", p.first_name},
          {"last_name", p.last_name},
          {"email", p.email},
          {"ticket_type", p.ticket_type},
          {"status", p.status},
          {"registered_at", IsoTimestampFromUnix(p.registered_at)},
          {"updated_at", IsoTimestampFromUnix(p.updated_at)},
          {"checked_in_at", OptionalTime(p.checked_in_at)}};
}

nlohmann::json ApplicationJson(const Application& a) {
  return {{"id", a.id},
          {"object", "application"},
          {"event_id", a.event_id},
          {"applicant", {{"name", a.applicant_name}, {"email", a.applicant_email}}},
          {"answers", nlohmann::json::parse(a.answers_json)},
          {"status", a.status},
          {"submitted_at", IsoTimestampFromUnix(a.submitted_at)},
          {"decided_at", OptionalTime(a.decided_at)},
          {"participant_id", a.participant_id ? nlohmann::json(*a.participant_id) : nlohmann::json(nullptr)}};
}

nlohmann::json CheckInJson(const CheckIn& c) {
  return {{"id", c.id},
          {"object", "check_in"},
          {"event_id", c.event_id},
          {"participant_id", c.participant_id},
          {"checked_in_at", IsoTimestampFromUnix(c.checked_in_at)},
          {"method", c.method}};
}

}  // namespace revento::emulator
