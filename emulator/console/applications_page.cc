// /_sandbox/console/applications: one event's applications, with Approve
// and Reject, 50 a page.
#include "emulator/console/html.h"
#include "emulator/console/pages.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::console {

namespace {
constexpr int kApplicationsPageSize = 50;
}  // namespace

void ApplicationsPage(Console& console, http::RequestContext& ctx) {
  const std::string here = std::string(kConsolePath) + "/applications";
  auto after = AfterParameter(console, ctx);
  if (!after) return;
  auto choice = ChooseEvent(console, ctx, here);
  if (!choice) return;
  Page<Application> page;
  {
    auto lock = console.services().db.Lock();
    page = SandboxData(console.services().db).ListApplications(choice->event.id, "", *after, kApplicationsPageSize);
  }
  std::string back = Url(here, {{"event_id", choice->event.id}, {"after", std::to_string(*after)}});
  std::string body = choice->tabs_html +
                     "<p class=\"muted\">Approving registers the applicant as a participant "
                     "(application.approved and participant.registered are delivered).</p>"
                     "<table id=\"applications\"><thead><tr><th>Application</th><th>Applicant</th><th>Status</th>"
                     "<th>Submitted</th><th>Decided</th><th>Participant</th><th></th></tr></thead><tbody>";
  for (const auto& a : page.rows) {
    std::string action =
        std::string(kConsolePath) + "/events/" + PathSegment(a.event_id) + "/applications/" + PathSegment(a.id);
    body += "<tr data-id=\"" + Esc(a.id) + "\"><td><code>" + Esc(a.id) + "</code></td><td><span class=\"name\">" +
            Esc(a.applicant_name) + "</span><br><span class=\"muted\">" + Esc(a.applicant_email) +
            "</span></td><td class=\"status\">" + Badge(a.status) + "</td><td>" + Time(a.submitted_at) + "</td><td>" +
            (a.decided_at ? Time(*a.decided_at) : "\u2014") + "</td><td>" +
            (a.participant_id ? "<code>" + Esc(*a.participant_id) + "</code>" : "\u2014") +
            "</td><td class=\"actions\">" + ButtonForm(action + "/approve", "Approve", back) +
            ButtonForm(action + "/reject", "Reject", back, {}, "danger") + "</td></tr>";
  }
  if (page.rows.empty()) body += "<tr><td colspan=\"7\" class=\"muted\">No application on this page.</td></tr>";
  body += "</tbody></table><p class=\"pager\">";
  if (*after > 0) body += "<a href=\"" + Esc(Url(here, {{"event_id", choice->event.id}})) + "\">First page</a>";
  if (page.has_more)
    body += "<a id=\"next\" href=\"" +
            Esc(Url(here, {{"event_id", choice->event.id}, {"after", std::to_string(page.rows.back().seq)}})) +
            "\">Next page</a>";
  body += "</p>";
  console.SendPage(ctx, "Applications", "applications", body);
}

}  // namespace revento::emulator::console
