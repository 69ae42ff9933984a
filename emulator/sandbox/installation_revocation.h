// The organizer uninstalls an integration: the domain rule behind
// POST /_sandbox/installations/{id}/revoke.
//
// RevokeByOrganizer, in one transaction under the database lock: finds the
// installation, refuses when it is unknown or already revoked (by any
// cause), otherwise revokes the installation and every token of its family
// (reason "organizer") and enqueues installation.revoked with that reason to
// the integration, when its manifest declares the type. The revocation and
// its delivery commit together or not at all. The caller wakes the
// dispatcher after it returns (the outcome lists the delivery ids).
//
// Thread safety: takes the database lock itself; call without holding it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/clock.h"
#include "emulator/ids.h"
#include "emulator/store/database.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::sandbox {

inline constexpr const char* kOrganizerRevokedReason = "organizer";

struct RevocationOutcome {
  enum class Kind { kRevoked, kNotFound, kAlreadyRevoked };
  Kind kind = Kind::kNotFound;
  // The installation as it is after the call (kRevoked, kAlreadyRevoked).
  InstallationRecord installation;
  std::vector<std::string> delivery_ids;
};

RevocationOutcome RevokeByOrganizer(Database& db, const Clock& clock, IdSource& ids, std::string_view installation_id);

}  // namespace revento::emulator::sandbox
