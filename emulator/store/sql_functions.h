// SQL functions that let SQLite store a record's representation.
//
// The participants table keeps each participant's Read API representation
// as a STORED generated column (store/schema.cc), computed by
// revento_participant_json(id, event_id, first_name, last_name, email,
// ticket_type, status, registered_at, updated_at, checked_in_at), which
// calls AppendParticipantJson: the same bytes the API would render from the
// row. SQLite recomputes the column on every insert and update, so no write
// path can leave it stale, and a page of the participants list is 100
// stored strings joined by commas instead of 1,100 column reads and a
// render (docs/PERFORMANCE.md).
//
// Errors: RegisterRepresentationFunctions fails only if SQLite refuses the
// registration. A connection without the functions can read the column but
// cannot write participants ("no such function").
//
// Thread safety: call while holding the database lock, before the schema is
// used.
#pragma once

#include "emulator/status.h"
#include "emulator/store/database.h"

namespace revento::emulator {

Status RegisterRepresentationFunctions(Database& db);

}  // namespace revento::emulator
