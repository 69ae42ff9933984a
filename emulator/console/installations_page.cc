// /_sandbox/console/installations: every installation (token family), with
// Revoke once the control plane serves
// POST /_sandbox/installations/{id}/revoke.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"

namespace revento::emulator::console {

void InstallationsPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/installations";
  auto answer = console.Read(ctx, "/_sandbox/installations");
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Installations unavailable", answer.Problem());
  bool can_revoke = console.control_plane().Offers("POST", "/_sandbox/installations/x/revoke");
  std::string body =
      "<p class=\"muted\">An installation is what one OAuth consent created: a token family for one integration "
      "and event. Refresh-token reuse, code reuse and /oauth/revoke end it.";
  body += can_revoke ? " Revoke is the organizer uninstalling the integration (installation.revoked is "
                       "delivered with reason organizer).</p>"
                     : "</p>";
  body +=
      "<table id=\"installations\"><thead><tr><th>Installation</th><th>Integration</th><th>Event</th>"
      "<th>Scope</th><th>Created</th><th>Tokens</th><th>Status</th><th></th></tr></thead><tbody>";
  for (const auto& i : answer.body["data"]) {
    std::string id = i.value("id", "");
    bool revoked = i.value("revoked", false);
    body += "<tr data-id=\"" + Esc(id) + "\"><td><code>" + Esc(id) + "</code></td><td>" +
            EscJson(i["integration_name"]) + "<br><code class=\"muted\">" + EscJson(i["client_id"]) +
            "</code></td><td><code>" + EscJson(i["event_id"]) + "</code></td><td>" + EscJson(i["scope"]) + "</td><td>" +
            TimeJson(i["created_at"]) + "</td><td>" + EscJson(i["access_tokens"]) + " access, " +
            EscJson(i["refresh_tokens"]) + " refresh</td><td class=\"status\">" +
            (revoked ? Badge("revoked") + "<br><span class=\"muted\">" + EscJson(i["revoked_reason"]) + ", " +
                           TimeJson(i["revoked_at"]) + "</span>"
                     : Badge("active")) +
            "</td><td class=\"actions\">" +
            (can_revoke && !revoked ? ButtonForm(here + "/" + PathSegment(id) + "/revoke", "Revoke", here, {}, "danger")
                                    : std::string()) +
            "</td></tr>";
  }
  if (answer.body["data"].empty())
    body +=
        "<tr><td colspan=\"8\" class=\"muted\">No installation yet: connect an app through /oauth/authorize "
        "and its consent page.</td></tr>";
  body += "</tbody></table>";
  console.SendPage(ctx, "Installations", "installations", body);
}

}  // namespace revento::emulator::console
