#include "emulator/sandbox/installations_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/http/errors.h"
#include "emulator/sandbox/action_support.h"
#include "emulator/sandbox/organizer.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/store/integrations.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::sandbox {

namespace {

// Call holding the database lock.
nlohmann::json InstallationJson(Database& db, const InstallationRecord& i) {
  TokenFamilies families(db);
  auto integration = Integrations(db).FindById(i.integration_id);
  auto counts = families.CountTokens(i.id);
  return {{"id", i.id},
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
          {"refresh_tokens", counts.refresh_tokens}};
}

}  // namespace

void HandleListInstallations(Services& services, http::RequestContext& ctx) {
  nlohmann::json data = nlohmann::json::array();
  {
    auto lock = services.db.Lock();
    for (const auto& i : TokenFamilies(services.db).ListInstallations()) {
      data.push_back(InstallationJson(services.db, i));
    }
  }
  http::SendJson(ctx.res, 200, {{"data", data}});
}

void HandleRevokeInstallation(Services& services, http::RequestContext& ctx) {
  auto body = ParseJsonObjectBody(ctx);
  if (!body) return;
  if (!OnlyFields(ctx, *body, {})) return;
  auto outcome = Organizer(services).RevokeInstallation(std::string(ctx.Param("installation_id")));
  if (!outcome) return SendRefusal(ctx, outcome.error());
  nlohmann::json installation;
  {
    auto lock = services.db.Lock();
    installation = InstallationJson(services.db, outcome->value);
  }
  SendChanged(ctx, 200, {{"installation", installation}}, outcome->delivery_ids);
}

}  // namespace revento::emulator::sandbox
