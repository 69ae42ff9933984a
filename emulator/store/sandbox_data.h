// The sandbox's event data: organizations, users, events, participants,
// applications and check-ins.
//
// Reads are by id (scoped to an event where the API requires it) or by
// keyset page (rows with seq greater than a cursor's, in seq order, which is
// stable while rows are added). Writes are the inserts fixtures and
// organizer actions need and the status updates of organizer actions.
//
// Errors: a missing row is std::nullopt; SQLite failures throw StoreError.
// Thread safety: every method must be called while holding the database lock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/store/database.h"
#include "emulator/store/records.h"

namespace revento::emulator {

// A registered participant as a bulk load describes it: views into the
// caller's buffers, read before the next row is asked for.
struct RegisteredParticipantView {
  std::string_view id;
  std::string_view first_name;
  std::string_view last_name;
  std::string_view email;
  std::string_view ticket_type;
  int64_t registered_at = 0;  // also its updated_at
};

class SandboxData {
 public:
  explicit SandboxData(Database& db) : db_(db) {}

  void InsertOrganization(const Organization& org);
  void InsertUser(const User& user);
  void InsertEvent(const Event& event);
  // Each insert assigns and returns the row's seq.
  int64_t InsertParticipant(const Participant& participant);
  int64_t InsertApplication(const Application& application);
  int64_t InsertCheckIn(const CheckIn& check_in);
  // Inserts `count` registered participants of `event_id`, never checked
  // in, row i (1-based) as `row(i)` describes it, with one prepared
  // statement and no seq read back: the bulk load of --participants. The
  // caller holds a Transaction around it.
  void InsertRegisteredParticipants(std::string_view event_id, int64_t count,
                                    const std::function<RegisteredParticipantView(int64_t)>& row);

  std::optional<Organization> FindOrganization(std::string_view id);
  std::optional<Event> FindEvent(std::string_view id);
  std::optional<Participant> FindParticipant(std::string_view event_id, std::string_view id);
  std::optional<Application> FindApplication(std::string_view event_id, std::string_view id);
  // Every event, ordered by id (the console lists them; events are few).
  std::vector<Event> ListEvents();

  Page<Participant> ListParticipants(std::string_view event_id, int64_t after_seq, int limit);
  // The same page as stored representations, appended to `out` joined by
  // commas: the Read API's hot path writes them straight into its body.
  JsonRows AppendParticipantRepresentations(std::string_view event_id, int64_t after_seq, int limit,
                                            std::string& out);
  // `status` empty means every status.
  Page<Application> ListApplications(std::string_view event_id, std::string_view status,
                                     int64_t after_seq, int limit);
  Page<CheckIn> ListCheckIns(std::string_view event_id, int64_t after_seq, int limit);

  void UpdateEvent(const Event& event);
  void UpdateParticipant(const Participant& participant);
  void UpdateApplication(const Application& application);

  int64_t CountParticipants(std::string_view event_id);

 private:
  Database& db_;
};

}  // namespace revento::emulator
