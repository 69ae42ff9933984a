#include "emulator/sandbox/installations_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/http/errors.h"
#include "emulator/oauth/token_families.h"
#include "emulator/store/integrations.h"

namespace revento::emulator::sandbox {

void HandleListInstallations(Services& services, http::RequestContext& ctx) {
  nlohmann::json data = nlohmann::json::array();
  {
    auto lock = services.db.Lock();
    oauth::TokenFamilies families(services.db);
    Integrations integrations(services.db);
    for (const auto& i : families.ListInstallations()) {
      auto integration = integrations.FindById(i.integration_id);
      auto counts = families.CountTokens(i.id);
      data.push_back(
          {{"id", i.id},
           {"integration_id", i.integration_id},
           {"integration_name", integration ? integration->name : ""},
           {"client_id", integration ? integration->client_id : ""},
           {"event_id", i.event_id},
           {"organization_id", i.organization_id},
           {"scope", i.scope},
           {"created_at", IsoTimestampFromUnix(i.created_at)},
           {"revoked", i.revoked_at.has_value()},
           {"revoked_at", i.revoked_at ? nlohmann::json(IsoTimestampFromUnix(*i.revoked_at)) : nlohmann::json()},
           {"revoked_reason", i.revoked_reason ? nlohmann::json(*i.revoked_reason) : nlohmann::json()},
           {"access_tokens", counts.access_tokens},
           {"refresh_tokens", counts.refresh_tokens}});
    }
  }
  http::SendJson(ctx.res, 200, {{"data", data}});
}

}  // namespace revento::emulator::sandbox
