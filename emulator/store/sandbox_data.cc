#include "emulator/store/sandbox_data.h"

#include "emulator/store/schema.h"

namespace revento::emulator {

namespace {

constexpr const char* kParticipantColumns =
    "seq, id, event_id, first_name, last_name, email, ticket_type, status, registered_at, updated_at, "
    "checked_in_at";
constexpr const char* kApplicationColumns =
    "seq, id, event_id, applicant_name, applicant_email, answers, status, submitted_at, decided_at, "
    "participant_id";
constexpr const char* kCheckInColumns = "seq, id, event_id, participant_id, checked_in_at, method";
constexpr const char* kEventColumns =
    "id, organization_id, name, status, starts_at, ends_at, timezone, venue, capacity, created_at, "
    "updated_at";

Participant ReadParticipant(const Statement& s) {
  Participant p;
  p.seq = s.Int(0);
  p.id = s.Text(1);
  p.event_id = s.Text(2);
  p.first_name = s.Text(3);
  p.last_name = s.Text(4);
  p.email = s.Text(5);
  p.ticket_type = s.Text(6);
  p.status = s.Text(7);
  p.registered_at = s.Int(8);
  p.updated_at = s.Int(9);
  p.checked_in_at = s.OptionalInt(10);
  return p;
}

Application ReadApplication(const Statement& s) {
  Application a;
  a.seq = s.Int(0);
  a.id = s.Text(1);
  a.event_id = s.Text(2);
  a.applicant_name = s.Text(3);
  a.applicant_email = s.Text(4);
  a.answers_json = s.Text(5);
  a.status = s.Text(6);
  a.submitted_at = s.Int(7);
  a.decided_at = s.OptionalInt(8);
  a.participant_id = s.OptionalText(9);
  return a;
}

CheckIn ReadCheckIn(const Statement& s) {
  return CheckIn{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), s.Text(5)};
}

Event ReadEvent(const Statement& s) {
  Event e;
  e.id = s.Text(0);
  e.organization_id = s.Text(1);
  e.name = s.Text(2);
  e.status = s.Text(3);
  e.starts_at = s.Int(4);
  e.ends_at = s.Int(5);
  e.timezone = s.Text(6);
  e.venue = s.Text(7);
  e.capacity = s.Int(8);
  e.created_at = s.Int(9);
  e.updated_at = s.Int(10);
  return e;
}

// Reads up to `limit` rows and notes whether one more exists.
template <typename T, typename Reader>
Page<T> ReadPage(Statement& s, int limit, Reader read) {
  Page<T> page;
  while (s.Step()) {
    if (static_cast<int>(page.rows.size()) == limit) {
      page.has_more = true;
      break;
    }
    page.rows.push_back(read(s));
  }
  s.Reset();
  return page;
}

}  // namespace

void SandboxData::InsertOrganization(const Organization& org) {
  db_.Prepare("INSERT INTO organizations(id, name) VALUES (?, ?)").Bind(1, org.id).Bind(2, org.name).Run();
}

void SandboxData::InsertUser(const User& user) {
  db_.Prepare("INSERT INTO users(id, organization_id, name, email, role) VALUES (?, ?, ?, ?, ?)")
      .Bind(1, user.id)
      .Bind(2, user.organization_id)
      .Bind(3, user.name)
      .Bind(4, user.email)
      .Bind(5, user.role)
      .Run();
}

void SandboxData::InsertEvent(const Event& e) {
  db_.Prepare(std::string("INSERT INTO events(") + kEventColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, e.id)
      .Bind(2, e.organization_id)
      .Bind(3, e.name)
      .Bind(4, e.status)
      .Bind(5, e.starts_at)
      .Bind(6, e.ends_at)
      .Bind(7, e.timezone)
      .Bind(8, e.venue)
      .Bind(9, e.capacity)
      .Bind(10, e.created_at)
      .Bind(11, e.updated_at)
      .Run();
}

int64_t SandboxData::InsertParticipant(const Participant& p) {
  static const std::string kSql =
      std::string("INSERT INTO participants(seq, id, event_id, first_name, last_name, email, ticket_type, status, ") +
      "registered_at, updated_at, checked_in_at) VALUES (" + kNextParticipantSeq +
      ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING seq";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, p.id)
      .Bind(2, p.event_id)
      .Bind(3, p.first_name)
      .Bind(4, p.last_name)
      .Bind(5, p.email)
      .Bind(6, p.ticket_type)
      .Bind(7, p.status)
      .Bind(8, p.registered_at)
      .Bind(9, p.updated_at)
      .Bind(10, p.checked_in_at);
  s.Step();
  int64_t seq = s.Int(0);
  s.Reset();
  return seq;
}

int64_t SandboxData::InsertApplication(const Application& a) {
  db_.Prepare(
         "INSERT INTO applications(id, event_id, applicant_name, applicant_email, answers, status, "
         "submitted_at, decided_at, participant_id) VALUES (?,?,?,?,?,?,?,?,?)")
      .Bind(1, a.id)
      .Bind(2, a.event_id)
      .Bind(3, a.applicant_name)
      .Bind(4, a.applicant_email)
      .Bind(5, a.answers_json)
      .Bind(6, a.status)
      .Bind(7, a.submitted_at)
      .Bind(8, a.decided_at)
      .Bind(9, a.participant_id)
      .Run();
  return db_.LastInsertRowId();
}

int64_t SandboxData::InsertCheckIn(const CheckIn& c) {
  db_.Prepare("INSERT INTO check_ins(id, event_id, participant_id, checked_in_at, method) VALUES (?,?,?,?,?)")
      .Bind(1, c.id)
      .Bind(2, c.event_id)
      .Bind(3, c.participant_id)
      .Bind(4, c.checked_in_at)
      .Bind(5, c.method)
      .Run();
  return db_.LastInsertRowId();
}

void SandboxData::InsertRegisteredParticipants(std::string_view event_id, int64_t count,
                                               const std::function<RegisteredParticipantView(int64_t)>& row) {
  static const std::string kInsert =
      std::string("INSERT INTO participants(seq, id, event_id, first_name, last_name, email, ticket_type, status, ") +
      "registered_at, updated_at, checked_in_at) VALUES (" + kNextParticipantSeq +
      ", ?1, ?2, ?3, ?4, ?5, ?6, 'registered', ?7, ?7, NULL)";
  Statement& insert = db_.Prepare(kInsert);
  for (int64_t i = 1; i <= count; ++i) {
    RegisteredParticipantView p = row(i);
    insert.Bind(1, p.id)
        .Bind(2, event_id)
        .Bind(3, p.first_name)
        .Bind(4, p.last_name)
        .Bind(5, p.email)
        .Bind(6, p.ticket_type)
        .Bind(7, p.registered_at);
    insert.Run();
    insert.Reset();
  }
}

std::optional<Organization> SandboxData::FindOrganization(std::string_view id) {
  auto& s = db_.Prepare("SELECT id, name FROM organizations WHERE id = ?");
  s.Bind(1, id);
  std::optional<Organization> out;
  if (s.Step()) out = Organization{s.Text(0), s.Text(1)};
  s.Reset();
  return out;
}

std::optional<Event> SandboxData::FindEvent(std::string_view id) {
  static const std::string kSql = std::string("SELECT ") + kEventColumns + " FROM events WHERE id = ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, id);
  std::optional<Event> out;
  if (s.Step()) out = ReadEvent(s);
  s.Reset();
  return out;
}

std::vector<Event> SandboxData::ListEvents() {
  static const std::string kSql = std::string("SELECT ") + kEventColumns + " FROM events ORDER BY id";
  auto& s = db_.Prepare(kSql);
  std::vector<Event> out;
  while (s.Step()) out.push_back(ReadEvent(s));
  s.Reset();
  return out;
}

std::optional<Participant> SandboxData::FindParticipant(std::string_view event_id, std::string_view id) {
  static const std::string kSql =
      std::string("SELECT ") + kParticipantColumns + " FROM participants WHERE id = ? AND event_id = ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, id).Bind(2, event_id);
  std::optional<Participant> out;
  if (s.Step()) out = ReadParticipant(s);
  s.Reset();
  return out;
}

std::optional<Application> SandboxData::FindApplication(std::string_view event_id, std::string_view id) {
  static const std::string kSql =
      std::string("SELECT ") + kApplicationColumns + " FROM applications WHERE id = ? AND event_id = ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, id).Bind(2, event_id);
  std::optional<Application> out;
  if (s.Step()) out = ReadApplication(s);
  s.Reset();
  return out;
}

Page<Participant> SandboxData::ListParticipants(std::string_view event_id, int64_t after_seq, int limit) {
  static const std::string kSql = std::string("SELECT ") + kParticipantColumns +
                                  " FROM participants WHERE event_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, event_id).Bind(2, after_seq).Bind(3, static_cast<int64_t>(limit) + 1);
  return ReadPage<Participant>(s, limit, ReadParticipant);
}

JsonRows SandboxData::AppendParticipantRepresentations(std::string_view event_id, int64_t after_seq, int limit,
                                                       std::string& out) {
  static const std::string kSql =
      "SELECT seq, representation FROM participants WHERE event_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, event_id).Bind(2, after_seq).Bind(3, static_cast<int64_t>(limit) + 1);
  JsonRows rows;
  while (s.Step()) {
    if (rows.count == limit) {
      rows.has_more = true;
      break;
    }
    if (rows.count > 0) out.push_back(',');
    out.append(s.TextView(1));
    rows.last_seq = s.Int(0);
    ++rows.count;
  }
  s.Reset();
  return rows;
}

Page<Application> SandboxData::ListApplications(std::string_view event_id, std::string_view status,
                                                int64_t after_seq, int limit) {
  static const std::string kSql = std::string("SELECT ") + kApplicationColumns +
                                  " FROM applications WHERE event_id = ? AND (? = '' OR status = ?) AND seq > ? "
                                  "ORDER BY seq LIMIT ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, event_id).Bind(2, status).Bind(3, status).Bind(4, after_seq).Bind(5, static_cast<int64_t>(limit) + 1);
  return ReadPage<Application>(s, limit, ReadApplication);
}

Page<CheckIn> SandboxData::ListCheckIns(std::string_view event_id, int64_t after_seq, int limit) {
  static const std::string kSql = std::string("SELECT ") + kCheckInColumns +
                                  " FROM check_ins WHERE event_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  auto& s = db_.Prepare(kSql);
  s.Bind(1, event_id).Bind(2, after_seq).Bind(3, static_cast<int64_t>(limit) + 1);
  return ReadPage<CheckIn>(s, limit, ReadCheckIn);
}

void SandboxData::UpdateEvent(const Event& e) {
  db_.Prepare(
         "UPDATE events SET name = ?, status = ?, starts_at = ?, ends_at = ?, timezone = ?, venue = ?, "
         "capacity = ?, updated_at = ? WHERE id = ?")
      .Bind(1, e.name)
      .Bind(2, e.status)
      .Bind(3, e.starts_at)
      .Bind(4, e.ends_at)
      .Bind(5, e.timezone)
      .Bind(6, e.venue)
      .Bind(7, e.capacity)
      .Bind(8, e.updated_at)
      .Bind(9, e.id)
      .Run();
}

void SandboxData::UpdateParticipant(const Participant& p) {
  db_.Prepare(
         "UPDATE participants SET first_name = ?, last_name = ?, email = ?, ticket_type = ?, status = ?, "
         "updated_at = ?, checked_in_at = ? WHERE id = ?")
      .Bind(1, p.first_name)
      .Bind(2, p.last_name)
      .Bind(3, p.email)
      .Bind(4, p.ticket_type)
      .Bind(5, p.status)
      .Bind(6, p.updated_at)
      .Bind(7, p.checked_in_at)
      .Bind(8, p.id)
      .Run();
}

void SandboxData::UpdateApplication(const Application& a) {
  db_.Prepare(
         "UPDATE applications SET applicant_name = ?, applicant_email = ?, answers = ?, status = ?, "
         "decided_at = ?, participant_id = ? WHERE id = ?")
      .Bind(1, a.applicant_name)
      .Bind(2, a.applicant_email)
      .Bind(3, a.answers_json)
      .Bind(4, a.status)
      .Bind(5, a.decided_at)
      .Bind(6, a.participant_id)
      .Bind(7, a.id)
      .Run();
}

int64_t SandboxData::CountParticipants(std::string_view event_id) {
  auto& s = db_.Prepare("SELECT COUNT(*) FROM participants WHERE event_id = ?");
  s.Bind(1, event_id);
  s.Step();
  int64_t n = s.Int(0);
  s.Reset();
  return n;
}

}  // namespace revento::emulator
