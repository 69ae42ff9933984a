#include "emulator/sandbox/installation_revocation.h"

#include "emulator/webhooks/publisher.h"

namespace revento::emulator::sandbox {

RevocationOutcome RevokeByOrganizer(Database& db, const Clock& clock, IdSource& ids, std::string_view installation_id) {
  RevocationOutcome outcome;
  auto lock = db.Lock();
  Transaction tx(db);
  TokenFamilies families(db);
  auto found = families.FindInstallation(installation_id);
  if (!found) return outcome;
  if (found->revoked_at) {
    outcome.kind = RevocationOutcome::Kind::kAlreadyRevoked;
    outcome.installation = *found;
    return outcome;
  }
  int64_t now = UnixSeconds(clock.Now());
  families.RevokeFamily(installation_id, now, kOrganizerRevokedReason);
  if (auto delivery =
          webhooks::Publisher(db, ids).PublishInstallationRevoked(installation_id, kOrganizerRevokedReason, now)) {
    outcome.delivery_ids.push_back(*delivery);
  }
  outcome.installation = *families.FindInstallation(installation_id);
  tx.Commit();
  outcome.kind = RevocationOutcome::Kind::kRevoked;
  return outcome;
}

}  // namespace revento::emulator::sandbox
