// /_sandbox/console/participants: one event's participants, 50 a page,
// with Check in.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::console {

namespace {
constexpr int kPageSize = 50;
}  // namespace

void ParticipantsPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/participants";
  auto after = AfterParameter(console, ctx);
  if (!after) return;
  auto choice = ChooseEvent(console, ctx, here);
  if (!choice) return;
  Page<Participant> page;
  int64_t total = 0;
  {
    auto lock = console.services().db.Lock();
    SandboxData data(console.services().db);
    page = data.ListParticipants(choice->event.id, *after, kPageSize);
    total = data.CountParticipants(choice->event.id);
  }
  std::string back = Url(here, {{"event_id", choice->event.id}, {"after", std::to_string(*after)}});
  std::string body = choice->tabs_html + "<p class=\"muted\">" + std::to_string(total) +
                     " participants. Check in sends participant.checked_in.</p>"
                     "<table id=\"participants\"><thead><tr><th>Participant</th><th>Name</th><th>Email</th>"
                     "<th>Ticket</th><th>Status</th><th>Registered</th><th>Checked in</th><th></th></tr></thead>"
                     "<tbody>";
  for (const auto& p : page.rows) {
    std::string action = std::string(kConsolePath) + "/events/" + PathSegment(p.event_id) + "/participants/" +
                         PathSegment(p.id) + "/check-in";
    body += "<tr data-id=\"" + Esc(p.id) + "\"><td><code>" + Esc(p.id) + "</code></td><td class=\"name\">" +
            Esc(p.first_name + " " + p.last_name) + "</td><td>" + Esc(p.email) + "</td><td>" + Esc(p.ticket_type) +
            "</td><td class=\"status\">" + Badge(p.status) + "</td><td>" + Time(p.registered_at) +
            "</td><td class=\"checked-in\">" + (p.checked_in_at ? Time(*p.checked_in_at) : "\u2014") +
            "</td><td class=\"actions\">" + ButtonForm(action, "Check in", back) + "</td></tr>";
  }
  if (page.rows.empty()) body += "<tr><td colspan=\"8\" class=\"muted\">No participant on this page.</td></tr>";
  body += "</tbody></table><p class=\"pager\">";
  if (*after > 0) body += "<a href=\"" + Esc(Url(here, {{"event_id", choice->event.id}})) + "\">First page</a>";
  if (page.has_more)
    body += "<a id=\"next\" href=\"" +
            Esc(Url(here, {{"event_id", choice->event.id}, {"after", std::to_string(page.rows.back().seq)}})) +
            "\">Next page</a>";
  body += "</p>";
  console.SendPage(ctx, "Participants", "participants", body);
}

}  // namespace revento::emulator::console
