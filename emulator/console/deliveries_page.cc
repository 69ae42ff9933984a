// /_sandbox/console/deliveries: the delivery log (GET /_sandbox/deliveries),
// newest first, with Replay and "Send due deliveries now".
#include "emulator/console/html.h"
#include "emulator/console/pages.h"

namespace revento::emulator::console {

void DeliveriesPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/deliveries";
  std::vector<std::pair<std::string, std::string>> query{{"limit", "100"}};
  std::string back = here;
  for (const char* name : {"status", "type"}) {
    if (!ctx.req.has_param(name)) continue;
    query.emplace_back(name, ctx.req.get_param_value(name));
    back = Url(here, {{name, ctx.req.get_param_value(name)}});
  }
  auto answer = console.Read(ctx, "/_sandbox/deliveries", query);
  if (answer.status == 400) return console.SendProblem(ctx, 400, "Invalid filter", answer.Problem());
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Deliveries unavailable", answer.Problem());

  std::string body = "<p class=\"tabs\">Show: <a href=\"" + Esc(here) + "\">all</a>";
  for (const char* status : {"pending", "in_flight", "succeeded", "failed"})
    body += " <a href=\"" + Esc(Url(here, {{"status", status}})) + "\">" + Esc(status) + "</a>";
  body +=
      "</p><p>" +
      ButtonForm(std::string(kConsolePath) + "/deliveries/flush", "Send due deliveries now", back, {}, "secondary") +
      " <span class=\"muted\">Deliveries go out on their own; this waits until every due one was attempted. "
      "Retries scheduled later wait for the clock.</span></p>"
      "<table id=\"deliveries\"><thead><tr><th>Delivery</th><th>Type</th><th>Integration</th><th>Status</th>"
      "<th>Attempts</th><th>Created</th><th>Next attempt</th><th></th></tr></thead><tbody>";
  for (const auto& d : answer.body["data"]) {
    std::string id = d.value("id", "");
    std::string detail = here + "/" + PathSegment(id);
    body += "<tr data-id=\"" + Esc(id) + "\"><td><a href=\"" + Esc(detail) + "\"><code>" + Esc(id) + "</code></a>" +
            (d["replay_of"].is_string() ? "<br><span class=\"muted\">replay of " + EscJson(d["replay_of"]) + "</span>"
                                        : std::string()) +
            "</td><td class=\"type\">" + EscJson(d["type"]) + "</td><td><code>" + EscJson(d["integration_id"]) +
            "</code></td><td class=\"status\">" + Badge(d.value("status", "")) + "</td><td class=\"attempts\">" +
            EscJson(d["attempt_count"]) + "</td><td>" + TimeJson(d["created_at"]) + "</td><td>" +
            TimeJson(d["next_attempt_at"]) + "</td><td class=\"actions\">" +
            ButtonForm(detail + "/replay", "Replay", back, {}, "secondary") + "</td></tr>";
  }
  if (answer.body["data"].empty())
    body +=
        "<tr><td colspan=\"8\" class=\"muted\">No delivery yet: publish the event, approve an application or "
        "check someone in.</td></tr>";
  body += "</tbody></table>";
  console.SendPage(ctx, "Deliveries", "deliveries", body);
}

void DeliveryPage(Console& console, http::RequestContext& ctx) {
  std::string id(ctx.Param("delivery_id"));
  auto answer = console.Read(ctx, "/_sandbox/deliveries/" + id);
  if (answer.status == 404) return console.SendProblem(ctx, 404, "Unknown delivery", answer.Problem());
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Delivery unavailable", answer.Problem());
  const auto& d = answer.body;
  std::string here = std::string(kConsolePath) + "/deliveries/" + PathSegment(id);
  std::string body = "<p><a href=\"" + Esc(std::string(kConsolePath) + "/deliveries") + "\">All deliveries</a></p><dl>";
  for (const char* field : {"id", "type", "status", "integration_id", "installation_id", "event_id", "webhook_url",
                            "attempt_count", "created_at", "next_attempt_at", "completed_at", "replay_of"}) {
    body += "<dt>" + Esc(field) + "</dt><dd id=\"field-" + Esc(field) + "\">" +
            (std::string_view(field) == "status" ? Badge(d.value("status", ""))
                                                 : EscJson(d.value(field, nlohmann::json()))) +
            "</dd>";
  }
  body += "</dl><p>" + ButtonForm(here + "/replay", "Replay", here, {}, "secondary") +
          " <span class=\"muted\">Sends the same payload bytes again as a new delivery id.</span></p>";
  body +=
      "<h2>Attempts</h2><table id=\"attempts\"><thead><tr><th>#</th><th>Started</th><th>X-Revento-Timestamp</th>"
      "<th>Status code</th><th>Duration</th><th>Response</th><th>Error</th></tr></thead><tbody>";
  for (const auto& a : d.value("attempts", nlohmann::json::array())) {
    body += "<tr><td>" + EscJson(a["attempt"]) + "</td><td>" + TimeJson(a["started_at"]) + "</td><td>" +
            EscJson(a["timestamp_header"]) + "</td><td>" + EscJson(a["status_code"]) + "</td><td>" +
            EscJson(a["duration_ms"]) + " ms</td><td><code>" + EscJson(a["response_excerpt"]) + "</code></td><td>" +
            EscJson(a["error"]) + "</td></tr>";
  }
  if (d.value("attempts", nlohmann::json::array()).empty())
    body += "<tr><td colspan=\"7\" class=\"muted\">Not attempted yet.</td></tr>";
  body +=
      "</tbody></table><h2>Body as sent</h2><p class=\"muted\">The exact bytes that were signed "
      "(<code>X-Revento-Signature</code> is HMAC-SHA256 over <code>TIMESTAMP.</code> and these bytes) and sent in "
      "every attempt: verify against these, not against the pretty-printed payload below.</p><pre id=\"body-raw\">" +
      Esc(d.value("body_raw", "")) + "</pre><h2>Payload</h2><p class=\"muted\">The same body parsed and "
      "pretty-printed, for reading.</p><pre id=\"payload\">" + EscPrettyJson(d.value("payload", nlohmann::json())) +
      "</pre>";
  console.SendPage(ctx, "Delivery " + id, "deliveries", body);
}

}  // namespace revento::emulator::console
