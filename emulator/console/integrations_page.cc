// /_sandbox/console: the integrations, their credentials and a .env block.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"

namespace revento::emulator::console {

namespace {

// The fixture integration with this id and client id, whose secrets the
// emulator knows (it loaded them); registered integrations' secrets were
// shown once, in the registration response.
const Integration* KnownSecrets(const Services& services, const nlohmann::json& integration) {
  for (const auto& i : services.fixtures.integrations)
    if (integration.value("id", "") == i.id && integration.value("client_id", "") == i.client_id) return &i;
  return nullptr;
}

std::string List(const nlohmann::json& values) {
  if (!values.is_array() || values.empty()) return "\u2014";
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "<br>") + std::string("<code>") + EscJson(v) + "</code>";
  return out;
}

}  // namespace

void IntegrationsPage(Console& console, http::RequestContext& ctx) {
  const Services& services = console.services();
  auto answer = console.Read(ctx, "/_sandbox/integrations");
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Integrations unavailable", answer.Problem());
  std::string event_id = services.fixtures.events.empty() ? "" : services.fixtures.events.front().id;

  std::string body = "<h2>Endpoints</h2><dl>";
  body += "<dt>Issuer (AUTH_BASE)</dt><dd><code id=\"issuer\">" + Esc(services.public_url) + "</code></dd>";
  body += "<dt>API_BASE</dt><dd><code>" + Esc(services.ApiBase()) + "</code></dd>";
  body += "<dt>Control plane</dt><dd><code>" + Esc(services.public_url + "/_sandbox") + "</code></dd>";
  body += "<dt>OpenAPI</dt><dd><a href=\"/_sandbox/openapi.json\"><code>" +
          Esc(services.public_url + "/_sandbox/openapi.json") + "</code></a></dd></dl>";

  const auto& data = answer.body["data"];
  if (data.empty()) body += "<p class=\"muted\">No integration is registered.</p>";
  for (const auto& integration : data) {
    std::string id = integration.value("id", "");
    body += "<h2 class=\"integration\">" + EscJson(integration["name"]) + " <span class=\"muted\">(" + Esc(id) +
            ")</span></h2><dl>";
    body += "<dt>client_id</dt><dd><code>" + EscJson(integration["client_id"]) + "</code></dd>";
    body += "<dt>Redirect URIs</dt><dd>" + List(integration["redirect_uris"]) + "</dd>";
    body += "<dt>Scopes</dt><dd>" + List(integration["scopes"]) + "</dd>";
    body += "<dt>Webhook URL</dt><dd><code>" + EscJson(integration["webhook_url"]) + "</code></dd>";
    body += "<dt>Webhook events</dt><dd>" + List(integration["webhook_events"]) + "</dd>";
    body += "<dt>Registered</dt><dd>" + EscJson(integration["created_at"]) + "</dd></dl>";
    if (const Integration* known = KnownSecrets(services, integration)) {
      std::string env =
          "REVENTO_CLIENT_ID=" + known->client_id + "\nREVENTO_CLIENT_SECRET=" + known->client_secret + "\n";
      if (known->webhook_secret) env += "REVENTO_WEBHOOK_SECRET=" + *known->webhook_secret + "\n";
      if (!event_id.empty()) env += "SANDBOX_EVENT_ID=" + event_id + "\n";
      body += "<p>Copy into your app's <code>.env</code>:</p><pre class=\"env\" id=\"env-" + Esc(id) + "\">" +
              Esc(env) + "</pre>";
    } else {
      body +=
          "<p class=\"muted\">This integration was registered through POST /_sandbox/integrations: its "
          "client_secret and webhook_secret were shown once, in that response, and are not shown again.</p>";
    }
  }
  console.SendPage(ctx, "Integration", "integrations", body);
}

}  // namespace revento::emulator::console
