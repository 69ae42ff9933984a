// GET /_sandbox/installations: every installation (token family) there is.
//
//   {"data": [{"id", "integration_id", "integration_name", "client_id",
//              "event_id", "organization_id", "scope", "created_at",
//              "revoked": bool, "revoked_at": ISO | null,
//              "revoked_reason": text | null,
//              "access_tokens": n, "refresh_tokens": n}, ...]}
// oldest first. revoked_reason is the same text installation.revoked
// carries as "reason": "authorization code reuse", "refresh token reuse",
// "revoked via /oauth/revoke", ...
// POST /_sandbox/installations/{installation_id}/revoke (no body, or {}):
// the organizer uninstalls (Organizer::RevokeInstallation, organizer.h). 200
// {"installation": {...as listed...}, "delivery_ids": [...]}; 404 not_found;
// 409 already_revoked.
// Thread safety: takes the database lock.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleListInstallations(Services& services, http::RequestContext& ctx);
void HandleRevokeInstallation(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
