// The whole stored sandbox as JSON, and back: the store side of
// GET/PUT /_sandbox/state (docs/emulator.md "State export and import").
//
// Export() answers one JSON array per table of store/schema.cc, under the
// table's name, in kStateTables order (parents before children); each row is
// an object with exactly the table's stored columns (derived columns such as
// participants.representation are left out) and their values: INTEGER
// columns as numbers, TEXT columns as strings, NULL as null. Rows come in key
// order (participants by (event_id, seq), every other table by insertion), so
// that an import followed by an export gives the same document.
//
// Import() replaces every table with the document's rows. It validates as it
// goes and stops at the first problem, naming its JSON path:
// "participants[3].email: required (a string)", "events[0].colour: unknown
// field", "events[1].status: must be one of draft, published, cancelled",
// "integrations[0].scopes: must be JSON text of an array",
// "check_ins[2]: FOREIGN KEY constraint failed ...". Once every row is in,
// it checks the invariants across rows (store/integrity.h), naming the row:
// `integrations row "int_1": scopes[1]: must be a string`. It neither begins nor
// commits: the caller holds the lock and a Transaction, and rolls back on
// error, so a refused import leaves the state untouched.
//
// Thread safety: call while holding the database lock.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "emulator/status.h"
#include "emulator/store/database.h"

namespace revento::emulator {

inline constexpr std::array<std::string_view, 14> kStateTables = {
    "organizations", "users",          "events",     "participants",     "applications",
    "check_ins",     "integrations",   "consents",   "installations",    "authorization_codes",
    "access_tokens", "refresh_tokens", "deliveries", "delivery_attempts"};

class StateSnapshot {
 public:
  explicit StateSnapshot(Database& db) : db_(db) {}

  // {"organizations": [...], ..., "delivery_attempts": [...]}
  nlohmann::json Export();
  // Replaces every table with `document`'s (which must hold every table of
  // kStateTables as an array; other keys are the caller's). Returns the
  // number of rows per table.
  Result<nlohmann::json> Import(const nlohmann::json& document);

 private:
  Database& db_;
};

}  // namespace revento::emulator
