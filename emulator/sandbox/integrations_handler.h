// Integration registration from a manifest (docs/webhooks.md "Integrations").
//
//   POST /_sandbox/integrations
//        {name, redirect_uris: [uri...], scopes: [scope...],
//         webhook_url?: uri, webhook_events?: [type...]}
//        201: the integration with client_id, client_secret and, when any
//        webhook type is declared, webhook_secret. The secrets are shown
//        only in this response.
//   GET  /_sandbox/integrations
//        {"data": [integration...]} without client_secret or webhook_secret
//        ("has_webhook_secret" says whether one was issued).
// Validation (400 invalid_request naming the field, e.g. "scopes[1]: unknown
// scope"): name a non-empty string; redirect_uris a non-empty array of
// absolute http(s) URIs without a fragment; scopes known catalog scopes, no
// duplicates; webhook_events known catalog types, no duplicates, each
// covered by a declared scope (it could never be delivered otherwise);
// webhook_url an absolute http(s) URI, required when webhook_events are
// declared; no other field.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleRegisterIntegration(Services& services, http::RequestContext& ctx);
void HandleListIntegrations(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
