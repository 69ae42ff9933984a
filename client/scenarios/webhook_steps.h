// The runners of the webhook step kinds (rows of step_catalog.cc):
//   receiver           how the scenario's receiver answers the next deliveries
//   expect_webhook     flush, then exactly `count` new verified deliveries of
//                      `type` (matching `where`) reached the receiver; they
//                      are consumed (a later step sees only newer ones)
//   expect_no_webhook  flush, then no new delivery (of `type`) reached it
//   send_webhook       a signed (or deliberately broken: `tamper`) delivery
//                      sent straight to the app's webhook route; an answer
//                      later than Revento's 10 s, by the target's clock, is a
//                      problem
//
// Errors: what the step could not do is a problem added to `problems`.
// Thread safety: as StepContext.
#pragma once

#include <nlohmann/json.hpp>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

Response RunReceiver(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunExpectWebhook(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunExpectNoWebhook(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunSendWebhook(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
