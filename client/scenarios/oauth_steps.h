// The runners of the OAuth step kinds (rows of step_catalog.cc):
//   connect  the authorization-code flow with PKCE against the emulator's
//            /oauth/authorize, its consent page and /oauth/token, with the
//            knobs of docs/scenarios.md to misbehave (pkce, state, stop_after,
//            reuse_code, client_auth, query); sets ${state}, ${code_verifier},
//            ${consent_id}, ${code} and, on a 200, the tokens
//   refresh  grant_type=refresh_token, once or `parallel` times at once; on a
//            200 the new tokens replace the old (kept as ${previous_...})
//   revoke   POST /oauth/revoke with the step's token
//
// Errors: what the step could not do is a problem added to `problems`.
// Thread safety: as StepContext (refresh's parallel requests use ports of their own).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

// Added to a failing step whose authorize answered with a code where a consent page was expected.
inline constexpr std::string_view kAutoConsentHint =
    "the emulator skipped the consent page (/oauth/authorize answered 302 with a code): it runs with "
    "--auto-consent, and this scenario needs the consent page; run it against an emulator started without "
    "--auto-consent, or with --spawn";

Response RunConnect(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunRefresh(StepContext& context, const nlohmann::json& params, Problems& problems);
Response RunRevoke(StepContext& context, const nlohmann::json& params, Problems& problems);

}  // namespace revento::client::scenarios
