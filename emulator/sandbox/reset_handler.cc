#include "emulator/sandbox/reset_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/fixtures/synthetic_participants.h"
#include "emulator/http/errors.h"
#include "emulator/sandbox/json_body.h"
#include "emulator/store/schema.h"

namespace revento::emulator::sandbox {

void ResetSandbox(Services& services) {
  {
    auto lock = services.db.Lock();
    {
      Transaction tx(services.db);
      ClearAllTables(services.db);
      LoadFixtures(services.fixtures, services.db);
      tx.Commit();
    }
    LoadSyntheticParticipants(services.db, services.fixtures, services.options.participants, services.log);
  }
  services.clock.Reset();
  services.events.Reset();
}

void HandleReset(Services& services, http::RequestContext& ctx) {
  if (!TakesNoBody(ctx)) return;
  ResetSandbox(services);
  http::SendJson(ctx.res, 200, {{"status", "reset"}});
}

}  // namespace revento::emulator::sandbox
