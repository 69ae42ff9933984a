// The runners of the step kinds that send one request as written (rows of
// step_catalog.cc):
//   api         a Read API request with ${access_token} (`repeat` times; the
//               answer is the last, `counts` sees all)
//   api_replay  the newest journaled request under `path_prefix` sent again
//               (its method, path and query) with the scenario's token
//   http        any request to the emulator, the receiver or the app; an
//               absolute URL must be the emulator's or the app's, and the
//               admin token goes only to the emulator's /_sandbox
//
// Errors: what the step could not do is a problem added to `problems`.
// Thread safety: as StepContext.
#pragma once

#include <nlohmann/json.hpp>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

Response RunApi(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunApiReplay(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunHttp(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
