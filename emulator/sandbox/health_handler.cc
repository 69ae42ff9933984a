#include "emulator/sandbox/health_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/http/errors.h"
#include "version/version.h"

namespace revento::emulator::sandbox {

void HandleHealth(Services& services, http::RequestContext& ctx) {
  http::SendJson(ctx.res, 200,
                 {{"status", "ok"},
                  {"version", kVersion},
                  {"issuer", services.public_url},
                  {"time", IsoTimestamp(services.clock.Now())},
                  {"storage", services.db.IsMemory() ? "memory" : "disk"}});
}

}  // namespace revento::emulator::sandbox
