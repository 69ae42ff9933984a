// GET / and GET /api/v1: the front door. The startup banner prints AUTH_BASE
// (the origin) and API_BASE (origin + /api/v1) as values to configure an
// integration with; opened by hand, both answer where everything is instead
// of a bare 404 (like the root of api.github.com):
//   {"name", "version", "auth_base", "api_base", "console", "openapi",
//    "oauth_metadata", "read_api": ["GET /api/v1/events/{event_id}", ...]}
// where `read_api` is the route table's entries under /api/v1/.
// A browser (Accept names text/html) at GET / is sent on to the console
// (303). Neither is a Revento route: integrations never call them, and no
// credential or sandbox state is in the answer, so both are open.
// Errors: none. Thread safety: as every handler.
#pragma once

#include <string>
#include <vector>

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::sandbox {

void HandleIndex(Services& services, const std::vector<std::string>& read_api, http::RequestContext& ctx);

}  // namespace revento::emulator::sandbox
