// POST /oauth/consent: the Authorize / Deny buttons of the consent page.
//
// Takes an application/x-www-form-urlencoded body with consent_id and
// decision=authorize|deny. A consent id is one-time and expires 10 minutes
// (sandbox clock) after the page was shown. Refusals are 400 HTML pages and
// never redirect: a body that is not a form or is malformed, a missing
// consent_id, a decision other than authorize or deny, an unknown consent
// id, one already submitted ("a second submit is refused"), or an expired
// one. Authorize redirects (302) to the redirect_uri with code and state;
// Deny with error=access_denied, error_description and state.
// Thread safety: takes the database lock once.
#pragma once

#include "emulator/http/router.h"
#include "emulator/services.h"

namespace revento::emulator::oauth {

void HandleConsent(Services& services, http::RequestContext& ctx);

}  // namespace revento::emulator::oauth
