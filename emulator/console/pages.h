// The console's pages, one file each (console/*_page.cc). Each is a
// Console::PageHandler: it reads what it shows (from the control plane
// where one serves it, else from the store under the database lock),
// escapes every value, and answers with Console::SendPage or SendProblem.
//
//   /_sandbox/console                      integrations, credentials, .env
//   /_sandbox/console/events               events; Publish, Cancel
//   /_sandbox/console/applications         ?event_id=&after=; Approve, Reject
//   /_sandbox/console/participants         ?event_id=&after=; Check in
//   /_sandbox/console/deliveries           the delivery log; Replay, Send due
//   /_sandbox/console/deliveries/{id}      one delivery, payload, attempts
//   /_sandbox/console/installations        token families; Revoke
//   /_sandbox/console/clock                the sandbox clock; +1 hour, +1 day
//   /_sandbox/console/requests             the request journal
//   /_sandbox/console/login                the admin-token form
// Thread safety: as Console.
#pragma once

#include <optional>
#include <string>

#include "emulator/console/console.h"
#include "emulator/console/session.h"
#include "emulator/http/router.h"
#include "emulator/store/records.h"

namespace revento::emulator::console {

void IntegrationsPage(Console& console, http::RequestContext& ctx);
void EventsPage(Console& console, http::RequestContext& ctx);
void ApplicationsPage(Console& console, http::RequestContext& ctx);
void ParticipantsPage(Console& console, http::RequestContext& ctx);
void DeliveriesPage(Console& console, http::RequestContext& ctx);
void DeliveryPage(Console& console, http::RequestContext& ctx);
void InstallationsPage(Console& console, http::RequestContext& ctx);
void ClockPage(Console& console, http::RequestContext& ctx);
void RequestsPage(Console& console, http::RequestContext& ctx);

// The login form (GET), signing in (POST) and signing out (POST). Without
// --admin-token they send the visitor to the console.
void LoginPage(Console& console, http::RequestContext& ctx);
void HandleLogin(Console& console, http::RequestContext& ctx);
void HandleLogout(Console& console, http::RequestContext& ctx);

// Shared by the applications and participants pages: the event named by
// ?event_id= (default: the first event) and links to every event's page at
// `page_path`; nullopt after answering 404 for an unknown event.
struct EventChoice {
  Event event;
  std::string tabs_html;
};
std::optional<EventChoice> ChooseEvent(Console& console, http::RequestContext& ctx, const std::string& page_path);

// ?after= as a non-negative integer (0 when absent); nullopt after
// answering 400 naming the parameter.
std::optional<int64_t> AfterParameter(Console& console, http::RequestContext& ctx);

}  // namespace revento::emulator::console
