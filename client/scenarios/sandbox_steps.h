// The runners of the step kinds that drive the emulator's /_sandbox control
// plane (rows of step_catalog.cc), each request with the admin token:
//   clock    POST /_sandbox/clock (advance, set, freeze or resume)
//   action   an organizer action, POST /_sandbox/events/... (`repeat` times;
//            the answer is the last, `counts` sees all)
//   trigger  POST /_sandbox/webhooks/trigger (event_id defaults to ${event_id})
//   fault    POST /_sandbox/faults (${fault_id} names it), or clear: DELETE
//   journal  GET /_sandbox/requests with the filters, or clear: DELETE
//   flush    POST /_sandbox/deliveries/flush
//
// Errors: what the step could not do is a problem added to `problems`.
// Thread safety: as StepContext.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

// The organizer actions of the `action` step, in the order of its route table.
const std::vector<std::string_view>& ActionNames();

Response RunClock(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunAction(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunTrigger(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunFault(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunJournal(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunFlush(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
