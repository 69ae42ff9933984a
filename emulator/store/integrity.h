// The invariants of a stored sandbox that the column types cannot say, checked
// over the whole database: after a state import (before it commits) and when
// the emulator starts on a --data-dir it created earlier.
//
// CheckIntegrity answers Ok or the first broken rule, naming the table, the
// row's key and the rule, e.g. `integrations row "int_1": scopes[1]: must be
// a string`. The rules (a table of rows in integrity.cc, each with its test
// in tests/emulator/store/integrity_test.cc):
//   - integrations: redirect_uris, scopes and webhook_events are JSON arrays
//     of unique strings; at least one redirect URI, each an absolute http(s)
//     URI; scopes from the catalog; webhook types from the catalog whose
//     scope the integration declares; a webhook_url, when set, an absolute
//     http(s) URI, and one is set when webhook types are declared;
//   - applications.answers is a JSON object; deliveries.payload is JSON;
//   - a check-in's participant exists, in the check-in's event; an approved
//     application's participant exists;
//   - a token family (installation) has at most one current refresh token
//     (neither used nor revoked), so it cannot have two live branches.
// Nothing is changed. Thread safety: call while holding the database lock.
#pragma once

#include "emulator/status.h"
#include "emulator/store/database.h"

namespace revento::emulator {

Status CheckIntegrity(Database& db);

}  // namespace revento::emulator
