#include "emulator/oauth/consent_page.h"

#include "emulator/catalog.h"
#include "emulator/http/errors.h"

namespace revento::emulator::oauth {

std::string RenderConsentPage(const ConsentView& v) {
  using http::HtmlEscape;
  std::string scopes;
  for (const auto& name : v.scopes) {
    const ScopeInfo* info = FindScope(name);
    scopes += "<li class=\"scope\" data-scope=\"" + HtmlEscape(name) + "\">" +
              HtmlEscape(info ? info->description : name) + " <code>" + HtmlEscape(name) + "</code></li>";
  }
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Authorize " + HtmlEscape(v.integration_name) + " - Revento sandbox</title>"
         "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}"
         "h1{font-size:1.4rem}code{background:#f4f4f4;padding:.1rem .3rem}li{margin:.4rem 0}"
         "button{font-size:1rem;padding:.5rem 1.4rem;margin-right:.6rem;border-radius:.3rem;border:1px solid #888}"
         "button[value=authorize]{background:#1a56db;color:#fff;border-color:#1a56db}"
         ".note{color:#666;font-size:.9rem}</style></head><body>"
         "<p class=\"note\">Revento sandbox</p>"
         "<h1><span id=\"integration\">" + HtmlEscape(v.integration_name) + "</span> wants access to your event</h1>"
         "<p>Organization: <strong id=\"organization\">" + HtmlEscape(v.organization_name) + "</strong> <code>" +
         HtmlEscape(v.organization_id) + "</code></p>"
         "<p>Event: <strong id=\"event\">" + HtmlEscape(v.event_name) + "</strong> <code>" + HtmlEscape(v.event_id) +
         "</code></p>"
         "<p>If you authorize it, " + HtmlEscape(v.integration_name) + " will be able to:</p>"
         "<ul id=\"scopes\">" + scopes + "</ul>"
         "<form method=\"post\" action=\"/oauth/consent\">"
         "<input type=\"hidden\" name=\"consent_id\" value=\"" + HtmlEscape(v.consent_id) + "\">"
         "<button type=\"submit\" name=\"decision\" value=\"authorize\" id=\"authorize\">Authorize</button>"
         "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>"
         "</form>"
         "<p class=\"note\">Either way you will be sent back to <code id=\"redirect-uri\">" +
         HtmlEscape(v.redirect_uri) + "</code>. This page is valid for 10 minutes and can be submitted once.</p>"
         "</body></html>\n";
}

}  // namespace revento::emulator::oauth
