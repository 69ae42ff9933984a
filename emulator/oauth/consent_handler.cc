#include "emulator/oauth/consent_handler.h"

#include "emulator/http/errors.h"
#include "emulator/oauth/code_grant.h"
#include "emulator/oauth/form_params.h"
#include "emulator/oauth/redirect_uri.h"
#include "emulator/store/consents.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::oauth {

void HandleConsent(Services& services, http::RequestContext& ctx) {
  auto page = [&ctx](std::string_view title, const std::string& detail) {
    http::SendHtmlError(ctx.res, 400, title, detail);
  };
  // A browser names the page that submitted the form; a page on another
  // origin must not be able to approve a consent for the user (CSRF).
  if (ctx.req.has_header("Origin")) {
    std::string origin = ctx.req.get_header_value("Origin");
    std::string own_by_host = "http://" + ctx.req.get_header_value("Host");
    if (origin != services.public_url && origin != own_by_host) {
      return page("Consent from another site refused",
                  "The consent form was submitted from " + origin.substr(0, 200) + ", not from this sandbox (" +
                      services.public_url +
                      "). Only the sandbox's own consent page may submit it: open the authorize URL again and "
                      "answer on that page.");
    }
  }
  std::string content_type = ctx.req.get_header_value("Content-Type");
  if (!content_type.starts_with("application/x-www-form-urlencoded"))
    return page("Invalid consent submission",
                "Submit the consent page's form (application/x-www-form-urlencoded), not \"" +
                    content_type.substr(0, 100) + "\".");
  auto form = ParseFormParams(ctx.req.body);
  if (!form) return page("Invalid consent submission", "The form was refused: " + form.error().message);
  auto consent_id = form->Get("consent_id");
  if (!consent_id) return page("Invalid consent submission", "consent_id is missing; submit the consent page.");
  auto decision = form->Get("decision");
  if (!decision || (*decision != "authorize" && *decision != "deny"))
    return page("Invalid consent submission", "decision must be authorize or deny.");

  std::string id_hash = Sha256Hex(*consent_id);
  MintedCode minted = MintCode(services.ids);
  auto lock = services.db.Lock();
  int64_t now = UnixSeconds(services.clock.Now());
  Consents consents(services.db);
  Transaction tx(services.db);
  auto consent = consents.FindConsent(id_hash);
  if (!consent)
    return page("Unknown consent",
                "This consent id is unknown: it was never issued, or the sandbox was reset since. Start again "
                "from the application.");
  if (consent->decided_at)
    return page("Consent already submitted", "This consent was already submitted at " +
                                                 IsoTimestampFromUnix(*consent->decided_at) +
                                                 "; a consent id can be used once. Start again from the application.");
  if (now >= consent->expires_at)
    return page("Consent expired", "This consent page expired at " + IsoTimestampFromUnix(consent->expires_at) +
                                       " (it is valid for 10 minutes). Start again from the application.");
  if (!consents.MarkConsentDecided(id_hash, now))
    return page("Consent already submitted",
                "This consent was submitted by another request at the same moment; a consent id can be used once. "
                "Start again from the application.");
  std::string location;
  std::string state = consent->state.value_or("");
  if (*decision == "authorize") {
    auto event = SandboxData(services.db).FindEvent(consent->event_id);
    std::string organization_id = event ? std::move(event->organization_id) : std::string();
    location = IssueCodeLocked(services,
                               {consent->integration_id, consent->event_id, organization_id, consent->redirect_uri,
                                consent->scope, consent->code_challenge},
                               minted, state);
  } else {
    std::vector<std::pair<std::string_view, std::string_view>> params{
        {"error", "access_denied"}, {"error_description", "The user denied the authorization request."}};
    if (!state.empty()) params.emplace_back("state", state);
    location = RedirectWith(consent->redirect_uri, params);
  }
  tx.Commit();
  lock.unlock();
  ctx.res.status = 302;
  ctx.res.set_header("Location", location);
  ctx.res.set_header("Cache-Control", "no-store");
}

}  // namespace revento::emulator::oauth
