#include "emulator/api/representations.h"

#include "emulator/api/json_text.h"
#include "emulator/clock.h"

namespace revento::emulator {

namespace {

nlohmann::json OptionalTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(IsoTimestampFromUnix(*t)) : nlohmann::json(nullptr);
}

// Appends `"key":` (keys are plain ASCII), preceded by a comma unless first.
void Key(std::string& out, std::string_view key, bool first = false) {
  if (!first) out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

}  // namespace

// Event, participant and check-in are written as text once, here; their
// nlohmann forms (for webhooks) parse that text. Keys are in the order
// nlohmann::json keeps them (sorted), so the text equals the dump.

void AppendEventJson(std::string& out, const Event& e) {
  out.push_back('{');
  Key(out, "capacity", true);
  api::AppendJsonInt(out, e.capacity);
  Key(out, "created_at");
  api::AppendJsonTime(out, e.created_at);
  Key(out, "ends_at");
  api::AppendJsonTime(out, e.ends_at);
  Key(out, "id");
  api::AppendJsonString(out, e.id);
  Key(out, "name");
  api::AppendJsonString(out, e.name);
  Key(out, "object");
  out.append("\"event\"");
  Key(out, "organization_id");
  api::AppendJsonString(out, e.organization_id);
  Key(out, "starts_at");
  api::AppendJsonTime(out, e.starts_at);
  Key(out, "status");
  api::AppendJsonString(out, e.status);
  Key(out, "timezone");
  api::AppendJsonString(out, e.timezone);
  Key(out, "updated_at");
  api::AppendJsonTime(out, e.updated_at);
  Key(out, "venue");
  api::AppendJsonString(out, e.venue);
  out.push_back('}');
}

void AppendParticipantJson(std::string& out, const Participant& p) {
  out.push_back('{');
  Key(out, "checked_in_at", true);
  api::AppendJsonTime(out, p.checked_in_at);
  Key(out, "email");
  api::AppendJsonString(out, p.email);
  Key(out, "event_id");
  api::AppendJsonString(out, p.event_id);
  Key(out, "first_name");
  api::AppendJsonString(out, p.first_name);
  Key(out, "id");
  api::AppendJsonString(out, p.id);
  Key(out, "last_name");
  api::AppendJsonString(out, p.last_name);
  Key(out, "object");
  out.append("\"participant\"");
  Key(out, "registered_at");
  api::AppendJsonTime(out, p.registered_at);
  Key(out, "status");
  api::AppendJsonString(out, p.status);
  Key(out, "ticket_type");
  api::AppendJsonString(out, p.ticket_type);
  Key(out, "updated_at");
  api::AppendJsonTime(out, p.updated_at);
  out.push_back('}');
}

void AppendCheckInJson(std::string& out, const CheckIn& c) {
  out.push_back('{');
  Key(out, "checked_in_at", true);
  api::AppendJsonTime(out, c.checked_in_at);
  Key(out, "event_id");
  api::AppendJsonString(out, c.event_id);
  Key(out, "id");
  api::AppendJsonString(out, c.id);
  Key(out, "method");
  api::AppendJsonString(out, c.method);
  Key(out, "object");
  out.append("\"check_in\"");
  Key(out, "participant_id");
  api::AppendJsonString(out, c.participant_id);
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
