#include "emulator/routes.h"

#include <memory>
#include <mutex>
#include <type_traits>

#include "emulator/api/applications_handler.h"
#include "emulator/api/check_ins_handler.h"
#include "emulator/api/events_handler.h"
#include "emulator/api/participants_handler.h"
#include "emulator/api/read_api.h"
#include "emulator/console/console.h"
#include "emulator/console/pages.h"
#include "emulator/emulator.h"
#include "emulator/http/errors.h"
#include "emulator/ids.h"
#include "emulator/oauth/authorize_handler.h"
#include "emulator/oauth/consent_handler.h"
#include "emulator/oauth/metadata_handler.h"
#include "emulator/oauth/oauth_clients.h"
#include "emulator/oauth/revoke_handler.h"
#include "emulator/oauth/token_handler.h"
#include "emulator/openapi/openapi.h"
#include "emulator/sandbox/clock_handler.h"
#include "emulator/sandbox/health_handler.h"
#include "emulator/sandbox/index_handler.h"
#include "emulator/sandbox/installations_handler.h"
#include "emulator/sandbox/reset_handler.h"
#include "emulator/sandbox/applications_handler.h"
#include "emulator/sandbox/deliveries_handler.h"
#include "emulator/sandbox/events_handler.h"
#include "emulator/sandbox/faults_handler.h"
#include "emulator/sandbox/requests_handler.h"
#include "emulator/sandbox/state_handler.h"
#include "emulator/sandbox/integrations_handler.h"
#include "emulator/sandbox/participants_handler.h"
#include "emulator/sandbox/webhook_trigger_handler.h"

namespace revento::emulator {

namespace {

using http::RequestContext;

// /_sandbox is open unless the emulator was started with --admin-token (which
// a non-loopback --host requires); then every call needs that token in the
// header X-Revento-Admin-Token, compared in constant time.
template <typename Handler>
http::Handler Guarded(Services& services, Handler handler) {
  return [&services, handler](RequestContext& ctx) {
    const std::string& token = services.options.admin_token;
    const std::string sent = ctx.req.get_header_value("X-Revento-Admin-Token");
    if (!token.empty() && !ConstantTimeEquals(sent, token)) {
      std::string why = sent.empty() ? "This sandbox was started with --admin-token: "
                                     : "The X-Revento-Admin-Token header is not this sandbox's admin token: ";
      return http::SendReventoError(ctx.res, 401, "admin_token_required",
                                    why + "send the token given to --admin-token in the X-Revento-Admin-Token "
                                          "header (revento: --admin-token or REVENTO_ADMIN_TOKEN).",
                                    ctx.request_id);
    }
    if constexpr (std::is_invocable_v<Handler, Services&, RequestContext&>) {
      handler(services, ctx);
    } else {
      handler(ctx);
    }
  };
}

}  // namespace

void BuildRoutes(Emulator& emulator, http::Router& r) {
  Services& s = emulator.services();

  // Sandbox control plane.
  // Open even with --admin-token: scripts wait on it, and it holds nothing
  // secret (status, version, issuer, time, memory or disk).
  r.Get("/_sandbox/health", [&s](RequestContext& ctx) { sandbox::HandleHealth(s, ctx); });
  r.Post("/_sandbox/reset", Guarded(s, sandbox::HandleReset));
  r.Get("/_sandbox/clock", Guarded(s, sandbox::HandleGetClock));
  r.Post("/_sandbox/clock", Guarded(s, sandbox::HandlePostClock));
  r.Get("/_sandbox/installations", Guarded(s, sandbox::HandleListInstallations));
  // docs/openapi.yaml as JSON, converted on the first request for it, not at
  // start-up (yaml-cpp's parse was most of the start-up time); open without
  // the admin token (it describes the server and holds no sandbox state).
  struct OpenApiDocument {
    std::once_flag converted;
    std::string text;
  };
  r.Get("/_sandbox/openapi.json", [&s, document = std::make_shared<OpenApiDocument>()](RequestContext& ctx) {
    std::call_once(document->converted, [&s, &document] {
      auto text = openapi::OpenApiJsonText();
      if (text) {
        document->text = std::move(*text);
      } else {
        s.log.Error(text.error().message);
      }
    });
    if (document->text.empty())
      return http::SendReventoError(ctx.res, 500, "internal_error",
                                    "docs/openapi.yaml could not be converted; see the emulator's log.",
                                    ctx.request_id);
    openapi::SendOpenApi(ctx, document->text);
  });
  r.Post("/_sandbox/installations/{installation_id}/revoke", Guarded(s, sandbox::HandleRevokeInstallation));
  r.Get("/_sandbox/state", Guarded(s, sandbox::HandleExportState));
  r.Add("PUT", "/_sandbox/state", Guarded(s, sandbox::HandleImportState));

  // Request journal and faults (docs/emulator.md); the server's hook is sandbox::TrafficHooks.
  sandbox::Journal& journal = emulator.journal();
  sandbox::FaultTable& faults = emulator.faults();
  r.Get("/_sandbox/requests",
        Guarded(s, [&journal](RequestContext& ctx) { sandbox::HandleListRequests(journal, ctx); }));
  r.Add("DELETE", "/_sandbox/requests",
        Guarded(s, [&journal](RequestContext& ctx) { sandbox::HandleClearRequests(journal, ctx); }));
  r.Post("/_sandbox/faults", Guarded(s, [&faults](RequestContext& ctx) { sandbox::HandleAddFault(faults, ctx); }));
  r.Get("/_sandbox/faults", Guarded(s, [&faults](RequestContext& ctx) { sandbox::HandleListFaults(faults, ctx); }));
  r.Add("DELETE", "/_sandbox/faults",
        Guarded(s, [&faults](RequestContext& ctx) { sandbox::HandleClearFaults(faults, ctx); }));
  r.Add("DELETE", "/_sandbox/faults/{fault_id}",
        Guarded(s, [&faults](RequestContext& ctx) { sandbox::HandleDeleteFault(faults, ctx); }));

  // OAuth (docs/oauth.md).
  auto clients = std::make_shared<oauth::OAuthClients>(s.db);
  r.Get("/oauth/authorize", [&s, clients](RequestContext& ctx) { oauth::HandleAuthorize(s, *clients, ctx); });
  r.Post("/oauth/consent", [&s](RequestContext& ctx) { oauth::HandleConsent(s, ctx); });
  r.Post("/oauth/token", [&s, clients](RequestContext& ctx) { oauth::HandleToken(s, *clients, ctx); });
  r.Post("/oauth/revoke", [&s, clients](RequestContext& ctx) { oauth::HandleRevoke(s, *clients, ctx); });
  r.Get("/.well-known/oauth-authorization-server", [&s](RequestContext& ctx) { oauth::HandleMetadata(s, ctx); });

  // Read API (docs/api.md).
  auto api = std::make_shared<api::ReadApi>(s);
  r.Get("/api/v1/events/{event_id}", api->Route("event.read", {}, api::HandleGetEvent));
  r.Get("/api/v1/events/{event_id}/participants",
        api->Route("participants.read", {"limit", "cursor"}, api::HandleListParticipants));
  r.Get("/api/v1/events/{event_id}/participants/{participant_id}",
        api->Route("participants.read", {}, api::HandleGetParticipant));
  r.Get("/api/v1/events/{event_id}/applications",
        api->Route("applications.read", {"status", "limit", "cursor"}, api::HandleListApplications));
  r.Get("/api/v1/events/{event_id}/applications/{application_id}",
        api->Route("applications.read", {}, api::HandleGetApplication));
  r.Get("/api/v1/events/{event_id}/check-ins",
        api->Route("attendance.read", {"limit", "cursor"}, api::HandleListCheckIns));

  // Webhooks and organizer actions (docs/webhooks.md).
  r.Post("/_sandbox/integrations", Guarded(s, sandbox::HandleRegisterIntegration));
  r.Get("/_sandbox/integrations", Guarded(s, sandbox::HandleListIntegrations));
  r.Post("/_sandbox/events/{event_id}/publish", Guarded(s, sandbox::HandlePublishEvent));
  r.Post("/_sandbox/events/{event_id}/update", Guarded(s, sandbox::HandleUpdateEvent));
  r.Post("/_sandbox/events/{event_id}/cancel", Guarded(s, sandbox::HandleCancelEvent));
  r.Post("/_sandbox/events/{event_id}/applications", Guarded(s, sandbox::HandleSubmitApplication));
  r.Post("/_sandbox/events/{event_id}/applications/{application_id}/approve",
         Guarded(s, sandbox::HandleApproveApplication));
  r.Post("/_sandbox/events/{event_id}/applications/{application_id}/reject",
         Guarded(s, sandbox::HandleRejectApplication));
  r.Post("/_sandbox/events/{event_id}/participants", Guarded(s, sandbox::HandleRegisterParticipant));
  r.Post("/_sandbox/events/{event_id}/participants/{participant_id}/update",
         Guarded(s, sandbox::HandleUpdateParticipant));
  r.Post("/_sandbox/events/{event_id}/participants/{participant_id}/cancel",
         Guarded(s, sandbox::HandleCancelParticipant));
  r.Post("/_sandbox/events/{event_id}/participants/{participant_id}/check-in",
         Guarded(s, sandbox::HandleCheckInParticipant));
  r.Post("/_sandbox/webhooks/trigger", Guarded(s, sandbox::HandleTriggerWebhook));
  webhooks::Dispatcher& dispatcher = emulator.dispatcher();
  r.Post("/_sandbox/deliveries/flush", Guarded(s, [&s, &dispatcher](RequestContext& ctx) {
           sandbox::HandleFlushDeliveries(s, dispatcher, ctx);
         }));
  r.Get("/_sandbox/deliveries", Guarded(s, sandbox::HandleListDeliveries));
  r.Get("/_sandbox/deliveries/{delivery_id}", Guarded(s, sandbox::HandleGetDelivery));
  r.Post("/_sandbox/deliveries/{delivery_id}/replay", Guarded(s, sandbox::HandleReplayDelivery));

  // The front door: where everything is, for the banner's AUTH_BASE and
  // API_BASE opened by hand (sandbox/index_handler.h).
  std::vector<std::string> read_api;
  for (const auto& [method, pattern] : r.Table()) {
    if (pattern.starts_with("/api/v1/")) read_api.push_back(method + " " + pattern);
  }
  auto index = [&s, read_api](RequestContext& ctx) { sandbox::HandleIndex(s, read_api, ctx); };
  r.Get("/", index);
  r.Get("/api/v1", index);

  // Console (docs/emulator.md "Console"): HTML pages; each button is one
  // control-plane request above, made in-process (console/console.h).
  auto ui = std::make_shared<console::Console>(s, r);
  auto page = [&r, ui](const std::string& path, console::Console::PageHandler handler) {
    r.Get(path, ui->Page(handler));
  };
  auto button = [&r, ui](const std::string& path, console::Action action) { r.Post(path, ui->Act(std::move(action))); };
  const std::string c = "/_sandbox/console";
  page(c, console::IntegrationsPage);
  page(c + "/events", console::EventsPage);
  page(c + "/applications", console::ApplicationsPage);
  page(c + "/participants", console::ParticipantsPage);
  page(c + "/deliveries", console::DeliveriesPage);
  page(c + "/deliveries/{delivery_id}", console::DeliveryPage);
  page(c + "/installations", console::InstallationsPage);
  page(c + "/clock", console::ClockPage);
  page(c + "/requests", console::RequestsPage);
  r.Get(c + "/login", [ui](RequestContext& ctx) { console::LoginPage(*ui, ctx); });
  r.Post(c + "/login", [ui](RequestContext& ctx) { console::HandleLogin(*ui, ctx); });
  r.Post(c + "/logout", [ui](RequestContext& ctx) { console::HandleLogout(*ui, ctx); });
  button(c + "/events/{event_id}/publish",
         {.target = "/_sandbox/events/{event_id}/publish",
          .done = "Event {event_id} published.",
          .back = c + "/events",
          .fields = {}});
  button(c + "/events/{event_id}/cancel",
         {.target = "/_sandbox/events/{event_id}/cancel",
          .done = "Event {event_id} cancelled.",
          .back = c + "/events",
          .fields = {}});
  button(c + "/events/{event_id}/applications/{application_id}/approve",
         {.target = "/_sandbox/events/{event_id}/applications/{application_id}/approve",
          .done = "Application {application_id} approved.",
          .back = c + "/applications?event_id={event_id}",
          .fields = {{"ticket_type"}}});
  button(c + "/events/{event_id}/applications/{application_id}/reject",
         {.target = "/_sandbox/events/{event_id}/applications/{application_id}/reject",
          .done = "Application {application_id} rejected.",
          .back = c + "/applications?event_id={event_id}",
          .fields = {}});
  button(c + "/events/{event_id}/participants/{participant_id}/check-in",
         {.target = "/_sandbox/events/{event_id}/participants/{participant_id}/check-in",
          .done = "Participant {participant_id} checked in.",
          .back = c + "/participants?event_id={event_id}",
          .fields = {{"method"}}});
  button(c + "/deliveries/flush",
         {.target = "/_sandbox/deliveries/flush",
          .done = "Due deliveries sent.",
          .back = c + "/deliveries",
          .fields = {}});
  button(c + "/deliveries/{delivery_id}/replay",
         {.target = "/_sandbox/deliveries/{delivery_id}/replay",
          .done = "Delivery {delivery_id} replayed.",
          .back = c + "/deliveries",
          .fields = {}});
  button(c + "/installations/{installation_id}/revoke",
         {.target = "/_sandbox/installations/{installation_id}/revoke",
          .done = "Installation {installation_id} revoked.",
          .back = c + "/installations",
          .fields = {}});
  button(c + "/clock", {.target = "/_sandbox/clock",
                        .done = "Clock moved.",
                        .back = c + "/clock",
                        .fields = {{"advance_seconds", console::FieldType::kInteger},
                                   {"set"},
                                   {"freeze", console::FieldType::kTrue},
                                   {"resume", console::FieldType::kTrue}}});
  button(c + "/requests/clear",
         {.method = "DELETE",
          .target = "/_sandbox/requests",
          .done = "Journal cleared.",
          .back = c + "/requests",
          .fields = {}});
}

}  // namespace revento::emulator
