// The whole sandbox as one JSON document, and back (GET/PUT /_sandbox/state,
// --import, --export-on-exit; docs/emulator.md "State export and import").
//
// ExportState: {"format": "revento-sandbox-state", "schema_version", "clock",
// and one array per table} (store/state_snapshot.h), taken under one lock
// hold so the document is consistent. It holds integration secrets in clear.
//
// ImportState validates the envelope (format, schema_version, clock; unknown
// top-level keys refused) and replaces every table in one transaction, then
// restores the clock. Before it commits, the invariants across rows are
// checked (store/integrity.h), and the clock must show an instant POST
// /_sandbox/clock could set. Errors name the JSON path (or the row) and
// leave the state as it was. The caller drops queued webhook deliveries afterwards (the rows they
// were claimed from are gone).
//
// Thread safety: both take the database lock; call without holding it.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/clock.h"
#include "emulator/status.h"
#include "emulator/store/database.h"

namespace revento::emulator::sandbox {

inline constexpr const char* kStateFormat = "revento-sandbox-state";

nlohmann::json ExportState(Database& db, const SandboxClock& clock);
// Returns the number of rows imported per table.
Result<nlohmann::json> ImportState(Database& db, SandboxClock& clock, const nlohmann::json& document);

}  // namespace revento::emulator::sandbox
