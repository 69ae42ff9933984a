// /_sandbox/console/events: every event, with Publish and Cancel.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::console {

void EventsPage(Console& console, http::RequestContext& ctx) {
  std::vector<std::pair<Event, int64_t>> events;
  {
    auto lock = console.services().db.Lock();
    SandboxData data(console.services().db);
    for (auto& e : data.ListEvents()) {
      int64_t count = data.CountParticipants(e.id);
      events.emplace_back(std::move(e), count);
    }
  }
  const std::string here = std::string(kConsolePath) + "/events";
  std::string body =
      "<p class=\"muted\">Publish and Cancel are the organizer's actions (POST /_sandbox/events/{id}/publish, "
      "/cancel): each fires its webhook to every subscribed integration. The control plane decides which "
      "transitions are allowed; a refusal is shown above.</p>"
      "<table id=\"events\"><thead><tr><th>Event</th><th>Status</th><th>Starts</th><th>Ends</th><th>Venue</th>"
      "<th>Capacity</th><th>Participants</th><th></th></tr></thead><tbody>";
  for (const auto& [e, count] : events) {
    std::string action = here + "/" + PathSegment(e.id);
    body += "<tr data-id=\"" + Esc(e.id) + "\"><td><strong class=\"name\">" + Esc(e.name) + "</strong><br><code>" +
            Esc(e.id) + "</code></td><td class=\"status\">" + Badge(e.status) + "</td><td>" + Time(e.starts_at) +
            "<br><span class=\"muted\">" + Esc(e.timezone) + "</span></td><td>" + Time(e.ends_at) + "</td><td>" +
            Esc(e.venue) + "</td><td>" + std::to_string(e.capacity) + "</td><td><a href=\"" +
            Esc(Url(std::string(kConsolePath) + "/participants", {{"event_id", e.id}})) + "\">" +
            std::to_string(count) + "</a></td><td class=\"actions\">" +
            ButtonForm(action + "/publish", "Publish", here) +
            ButtonForm(action + "/cancel", "Cancel event", here, {}, "danger") + "</td></tr>";
  }
  body += "</tbody></table>";
  console.SendPage(ctx, "Event", "events", body);
}

}  // namespace revento::emulator::console
