#include "client/api/resources.h"

namespace revento::client::api {

namespace {

// Reads the fields of one record; the first missing or mistyped one is kept.
class Reader {
 public:
  Reader(const nlohmann::json& json, const char* object) : json_(json), object_(object) {
    if (!json_.is_object()) problem_ = "is not a JSON object";
  }

  std::string Text(const char* name) {
    if (!problem_.empty()) return "";
    auto it = json_.find(name);
    if (it == json_.end() || !it->is_string()) {
      problem_ = std::string("lacks the string field \"") + name + "\"";
      return "";
    }
    return it->get<std::string>();
  }

  std::optional<std::string> Optional(const char* name) {
    if (!problem_.empty()) return std::nullopt;
    auto it = json_.find(name);
    if (it == json_.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      problem_ = std::string("has a field \"") + name + "\" that is neither a string nor null";
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  int64_t Integer(const char* name) {
    if (!problem_.empty()) return 0;
    auto it = json_.find(name);
    if (it == json_.end() || !it->is_number_integer()) {
      problem_ = std::string("lacks the integer field \"") + name + "\"";
      return 0;
    }
    return it->get<int64_t>();
  }

  Status Done() const {
    if (problem_.empty()) return {};
    return Fail(kBadResponse, std::string("the API answered a ") + object_ + " that " + problem_ +
                                  ": the server does not follow docs/api.md");
  }

 private:
  const nlohmann::json& json_;
  const char* object_;
  std::string problem_;
};

}  // namespace

Result<Event> EventFromJson(const nlohmann::json& json) {
  Reader r(json, "event");
  Event e;
  e.id = r.Text("id");
  e.name = r.Text("name");
  e.status = r.Text("status");
  e.organization_id = r.Text("organization_id");
  e.starts_at = r.Text("starts_at");
  e.ends_at = r.Text("ends_at");
  e.timezone = r.Text("timezone");
  e.venue = r.Text("venue");
  e.created_at = r.Text("created_at");
  e.updated_at = r.Text("updated_at");
  e.capacity = r.Integer("capacity");
  if (auto done = r.Done(); !done) return portable::unexpected(done.error());
  e.raw = json;
  return e;
}

Result<Participant> ParticipantFromJson(const nlohmann::json& json) {
  Reader r(json, "participant");
  Participant p;
  p.id = r.Text("id");
  p.event_id = r.Text("event_id");
  p.email = r.Text("email");
  p.first_name = r.Text("first_name");
  p.last_name = r.Text("last_name");
  p.status = r.Text("status");
  p.ticket_type = r.Text("ticket_type");
  p.registered_at = r.Text("registered_at");
  p.updated_at = r.Text("updated_at");
  p.checked_in_at = r.Optional("checked_in_at");
  if (auto done = r.Done(); !done) return portable::unexpected(done.error());
  p.raw = json;
  return p;
}

Result<Application> ApplicationFromJson(const nlohmann::json& json) {
  Reader r(json, "application");
  Application a;
  a.id = r.Text("id");
  a.event_id = r.Text("event_id");
  a.status = r.Text("status");
  a.submitted_at = r.Text("submitted_at");
  a.decided_at = r.Optional("decided_at");
  a.participant_id = r.Optional("participant_id");
  if (auto done = r.Done(); !done) return portable::unexpected(done.error());
  const auto& applicant = json.contains("applicant") ? json["applicant"] : nlohmann::json();
  Reader who(applicant, "application applicant");
  a.applicant_name = who.Text("name");
  a.applicant_email = who.Text("email");
  if (auto done = who.Done(); !done) return portable::unexpected(done.error());
  a.answers = json.value("answers", nlohmann::json::object());
  a.raw = json;
  return a;
}

Result<CheckIn> CheckInFromJson(const nlohmann::json& json) {
  Reader r(json, "check-in");
  CheckIn c;
  c.id = r.Text("id");
  c.event_id = r.Text("event_id");
  c.participant_id = r.Text("participant_id");
  c.method = r.Text("method");
  c.checked_in_at = r.Text("checked_in_at");
  if (auto done = r.Done(); !done) return portable::unexpected(done.error());
  c.raw = json;
  return c;
}

}  // namespace revento::client::api
