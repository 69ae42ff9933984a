// /_sandbox/console/requests: the newest entries of the request journal
// (GET /_sandbox/requests), each with its full redacted record, and Clear.
// Until the control plane serves the journal, the page says so.
#include <initializer_list>

#include "emulator/console/html.h"
#include "emulator/console/pages.h"

namespace revento::emulator::console {

namespace {

// The first of `names` that the entry has, as escaped text.
std::string Field(const nlohmann::json& entry, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (entry.contains(name)) return EscJson(entry[name]);
  return "\u2014";
}

}  // namespace

void RequestsPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/requests";
  if (!console.control_plane().Offers("GET", "/_sandbox/requests")) {
    return console.SendPage(ctx, "Requests", "requests",
                            "<p class=\"muted\">This emulator has no request journal (GET /_sandbox/requests).</p>");
  }
  std::vector<std::pair<std::string, std::string>> query(ctx.req.params.begin(), ctx.req.params.end());
  if (!ctx.req.has_param("limit")) query.emplace_back("limit", "100");
  auto answer = console.Read(ctx, "/_sandbox/requests", query);
  if (answer.status == 400) return console.SendProblem(ctx, 400, "Invalid filter", answer.Problem());
  if (!answer.ok()) return console.SendProblem(ctx, 500, "Journal unavailable", answer.Problem());
  const nlohmann::json* entries = &answer.body;
  for (const char* key : {"data", "requests"})
    if (answer.body.is_object() && answer.body.contains(key)) entries = &answer.body[key];

  std::string body =
      "<p class=\"muted\">Newest first; credentials are redacted. Filters are the journal's own "
      "query parameters (e.g. <a href=\"" +
      Esc(Url(here, {{"method", "POST"}})) + "\">?method=POST</a>).</p>";
  if (console.control_plane().Offers("DELETE", "/_sandbox/requests"))
    body += "<p>" + ButtonForm(here + "/clear", "Clear the journal", here, {}, "danger") + "</p>";
  body +=
      "<table id=\"requests\"><thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th>"
      "<th>Duration</th><th>Request id</th><th>Record</th></tr></thead><tbody>";
  if (entries->is_array()) {
    for (const auto& e : *entries) {
      body += "<tr><td>" + Field(e, {"started_at", "time", "at", "received_at"}) + "</td><td>" + Field(e, {"method"}) +
              "</td><td><code>" + Field(e, {"path"}) + "</code></td><td>" + Field(e, {"status"}) + "</td><td>" +
              Field(e, {"duration_ms", "duration"}) + "</td><td><code>" + Field(e, {"request_id", "id"}) +
              "</code></td><td><details><summary>show</summary><pre>" + EscPrettyJson(e) + "</pre></details></td></tr>";
    }
  }
  body += "</tbody></table>";
  console.SendPage(ctx, "Requests", "requests", body);
}

}  // namespace revento::emulator::console
