// The one versioned schema of the sandbox database.
//
// ApplySchema registers the SQL functions the schema computes with (the
// stored participant representation: store/sql_functions.h) on
// the connection, creates every table on a new database and records
// kSchemaVersion in the `meta` table. Opening a database written by another
// schema version fails with a message that names both versions (delete the
// data directory or use a matching build). All times are Unix seconds on the
// sandbox clock. Credentials (codes, tokens, consent ids) are stored only as
// SHA-256 hex digests; integration secrets are stored as issued, because
// the sandbox prints fixture secrets and must sign webhooks with them.
//
// Tables, by aggregate:
//   sandbox data   organizations, users, events, participants, applications,
//                  check_ins
//   integrations   integrations
//   oauth          consents, authorization_codes, installations (one per
//                  consent: the installation and its token family),
//                  access_tokens, refresh_tokens
//   webhooks       deliveries, delivery_attempts
#pragma once

#include "emulator/status.h"
#include "emulator/store/database.h"

namespace revento::emulator {

inline constexpr int kSchemaVersion = 2;

// The seq of a new participant of the event bound as ?2: the event's largest
// seq + 1. Every INSERT INTO participants uses it for its seq column.
inline constexpr const char* kNextParticipantSeq =
    "(SELECT IFNULL(MAX(seq), 0) + 1 FROM participants WHERE event_id = ?2)";

Status ApplySchema(Database& db);

// Whether fixtures were loaded into this database once (a kept --data-dir
// has them); MarkFixturesLoaded records it, inside the loading transaction.
bool FixturesLoaded(Database& db);
void MarkFixturesLoaded(Database& db);

// Deletes every row of every table (used by reset and import), keeping the
// schema. Caller holds the lock.
void ClearAllTables(Database& db);

}  // namespace revento::emulator
