// The runners of the step kinds that act on the runner itself (rows of
// step_catalog.cc):
//   set               assigns variables
//   run_emulator      runs revento-emulator with `args` (needs the binary,
//                     --spawn): status is its exit code, body its stderr,
//                     json its first line of output
//   restart_emulator  stops the scenario's own emulator with a signal and
//                     starts it again (needs --spawn); ${base}, ${auth_base}
//                     and ${api_base} follow its new port
//
// Errors: what the step could not do is a problem added to `problems`.
// Thread safety: as StepContext.
#pragma once

#include <nlohmann/json.hpp>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

Response RunSet(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunEmulator(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunRestartEmulator(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
