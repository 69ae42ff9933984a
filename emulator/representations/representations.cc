#include "emulator/representations/representations.h"

#include "emulator/representations/json_text.h"
#include "emulator/clock.h"

namespace revento::emulator {

namespace {

nlohmann::json OptionalTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(IsoTimestampFromUnix(*t)) : nlohmann::json(nullptr);
}

}  // namespace

// Event, participant and check-in are written as text once, here; their
// nlohmann forms (for webhooks) parse that text. Keys are in the order
// nlohmann::json keeps them (sorted), so the text equals the dump.

void AppendEventJson(std::string& out, const Event& e) {
  out.push_back('{');
  out.append("\"capacity\":");
  AppendJsonInt(out, e.capacity);
  out.append(",\"created_at\":");
  AppendJsonTime(out, e.created_at);
  out.append(",\"ends_at\":");
  AppendJsonTime(out, e.ends_at);
  out.append(",\"id\":");
  AppendJsonString(out, e.id);
  out.append(",\"name\":");
  AppendJsonString(out, e.name);
  out.append(",\"object\":\"event\"");
  out.append(",\"organization_id\":");
  AppendJsonString(out, e.organization_id);
  out.append(",\"starts_at\":");
  AppendJsonTime(out, e.starts_at);
  out.append(",\"status\":");
  AppendJsonString(out, e.status);
  out.append(",\"timezone\":");
  AppendJsonString(out, e.timezone);
  out.append(",\"updated_at\":");
  AppendJsonTime(out, e.updated_at);
  out.append(",\"venue\":");
  AppendJsonString(out, e.venue);
  out.push_back('}');
}

void AppendParticipantJson(std::string& out, const Participant& p) {
  out.push_back('{');
  out.append("\"checked_in_at\":");
  AppendJsonTime(out, p.checked_in_at);
  out.append(",\"email\":");
  AppendJsonString(out, p.email);
  out.append(",\"event_id\":");
  AppendJsonString(out, p.event_id);
  out.append(",\"first_name\":");
  AppendJsonString(out, p.first_name);
  out.append(",\"id\":");
  AppendJsonString(out, p.id);
  out.append(",\"last_name\":");
  AppendJsonString(out, p.last_name);
  out.append(",\"object\":\"participant\"");
  out.append(",\"registered_at\":");
  AppendJsonTime(out, p.registered_at);
  out.append(",\"status\":");
  AppendJsonString(out, p.status);
  out.append(",\"ticket_type\":");
  AppendJsonString(out, p.ticket_type);
  out.append(",\"updated_at\":");
  AppendJsonTime(out, p.updated_at);
  out.push_back('}');
}

void AppendCheckInJson(std::string& out, const CheckIn& c) {
  out.push_back('{');
  out.append("\"checked_in_at\":");
  AppendJsonTime(out, c.checked_in_at);
  out.append(",\"event_id\":");
  AppendJsonString(out, c.event_id);
  out.append(",\"id\":");
  AppendJsonString(out, c.id);
  out.append(",\"method\":");
  AppendJsonString(out, c.method);
  out.append(",\"object\":\"check_in\"");
  out.append(",\"participant_id\":");
  AppendJsonString(out, c.participant_id);
  out.push_back('}');
}

void AppendApplicationJson(std::string& out, const Application& a) {
  out += ApplicationJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json EventJson(const Event& e) {
  std::string text;
  AppendEventJson(text, e);
  return nlohmann::json::parse(text);
}

nlohmann::json ParticipantJson(const Participant& p) {
  std::string text;
  AppendParticipantJson(text, p);
  return nlohmann::json::parse(text);
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
  std::string text;
  AppendCheckInJson(text, c);
  return nlohmann::json::parse(text);
}

}  // namespace revento::emulator
