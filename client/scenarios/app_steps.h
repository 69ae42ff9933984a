// The runner of the `app_get` step kind (a row of step_catalog.cc): the
// app's pages (a path of --app, or an absolute URL on the app's or the
// redirect URI's origin) walked by the scenario's one browser
// (client/browser/browser.h), whose cookies persist across steps, with the
// consent decision and stops the step gives. The answer is the walk's last
// page; its `what` is the trail of every hop ("GET /connect (302 ... -> 200
// ...)"). With `parallel: N`, N copies of the browser (each with its
// cookies) walk at once: the answer is the first that is not a 2xx (else the
// last), and `counts` sees all.
//
// Errors: a URL on another origin is a problem; a transport failure or too
// many redirects is an answer with status 0 whose body says why.
// Thread safety: as StepContext.
#pragma once

#include <nlohmann/json.hpp>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

Response RunAppGet(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
