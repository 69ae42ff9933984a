// The consent page: what a user sees at /oauth/authorize without
// --auto-consent.
//
// Plain HTML with one form and no JavaScript: the integration's name, the
// organization and the event it asks for, each requested scope in words
// (catalog.h), where the user will be sent back, and two submit buttons,
// Authorize and Deny, that POST the one-time consent id to /oauth/consent
// as decision=authorize or decision=deny. Every value is HTML-escaped.
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace revento::emulator::oauth {

struct ConsentView {
  std::string consent_id;
  std::string integration_name;
  std::string organization_name;
  std::string organization_id;
  std::string event_name;
  std::string event_id;
  std::vector<std::string> scopes;
  std::string redirect_uri;
};

std::string RenderConsentPage(const ConsentView& view);

}  // namespace revento::emulator::oauth
