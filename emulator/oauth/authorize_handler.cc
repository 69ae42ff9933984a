#include "emulator/oauth/authorize_handler.h"

#include <algorithm>

#include "emulator/http/errors.h"
#include "emulator/oauth/code_grant.h"
#include "emulator/oauth/consent_page.h"
#include "emulator/oauth/form_params.h"
#include "emulator/oauth/pkce.h"
#include "emulator/oauth/redirect_uri.h"
#include "emulator/oauth/scope.h"
#include "emulator/store/consents.h"
#include "emulator/store/sandbox_data.h"

namespace revento::emulator::oauth {

namespace {

// Shows a string exactly, whitespace and all.
std::string Shown(std::string_view s) { return "\"" + std::string(s.substr(0, 500)) + "\""; }

void SendRedirect(http::RequestContext& ctx, const std::string& location) {
  ctx.res.status = 302;
  ctx.res.set_header("Location", location);
  ctx.res.set_header("Cache-Control", "no-store");
}

std::string OrganizationName(Database& db, std::string_view id) {
  auto organization = SandboxData(db).FindOrganization(id);
  return organization ? std::move(organization->name) : std::string(id);
}

}  // namespace

void HandleAuthorize(Services& services, OAuthClients& clients, http::RequestContext& ctx) {
  const std::string& target = ctx.req.target;
  size_t question = target.find('?');
  std::string_view query =
      question == std::string::npos ? std::string_view() : std::string_view(target).substr(question + 1);
  std::vector<FormProblem> problems;
  FormParams params = ParseFormParamsTolerantly(query, &problems);

  auto page = [&ctx](std::string_view title, const std::string& detail) {
    http::SendHtmlError(ctx.res, 400, title, detail);
  };
  for (const auto& problem : problems) {
    if (problem.name == "client_id" || problem.name == "redirect_uri")
      return page("Invalid authorization request",
                  "This request cannot be sent back to the application: " + problem.message);
  }
  auto client_id = params.Get("client_id");
  if (!client_id)
    return page("Missing client_id",
                "The authorization request has no client_id. The application must send its REVENTO_CLIENT_ID "
                "as client_id.");
  // Drawn before the lock; with --auto-consent the code, else the consent id.
  MintedCode minted = services.options.auto_consent ? MintCode(services.ids) : MintedCode{};
  std::string consent_id = services.options.auto_consent ? std::string() : services.ids.NewId("cns_", 20);
  // One hold of the database lock for the whole request: the checks between
  // the lookups are pure and take microseconds.
  auto lock = services.db.Lock();
  std::optional<OAuthClient> client = clients.Find(*client_id);
  if (!client)
    return page("Unknown client_id", "No integration has client_id " + Shown(*client_id) +
                                         ". Use the client id printed in the emulator's start banner.");
  std::string registered;
  for (const auto& uri : *client->redirect_uris) registered += (registered.empty() ? "" : ", ") + Shown(uri);
  if (registered.empty()) registered = "none";
  auto redirect_uri = params.Get("redirect_uri");
  if (!redirect_uri)
    return page("Missing redirect_uri", "The authorization request has no redirect_uri. Registered for " +
                                            client->name + ": " + registered + ".");
  if (!IsRegisteredRedirectUri(*client->redirect_uris, *redirect_uri))
    return page("Unregistered redirect_uri",
                "redirect_uri " + Shown(*redirect_uri) + " is not registered for " + client->name +
                    ". Registered: " + registered +
                    ". Redirect URIs must match byte for byte: a trailing slash, case, port, scheme, query, "
                    "percent-encoding, fragment or whitespace difference makes another URI.");

  std::string uri(*redirect_uri);
  std::string state(params.Get("state").value_or(""));
  auto fail = [&](std::string_view error, const std::string& description) {
    std::vector<std::pair<std::string_view, std::string_view>> out{{"error", error},
                                                                   {"error_description", description}};
    if (!state.empty()) out.emplace_back("state", state);
    SendRedirect(ctx, RedirectWith(uri, out));
  };
  if (!problems.empty()) return fail("invalid_request", problems.front().message);
  auto response_type = params.Get("response_type");
  if (!response_type) return fail("invalid_request", "response_type is missing; send response_type=code.");
  if (*response_type != "code")
    return fail("unsupported_response_type",
                "response_type " + Shown(*response_type) + " is not supported; Revento supports only code.");
  auto challenge = params.Get("code_challenge");
  if (!challenge)
    return fail("invalid_request",
                "code_challenge is missing: PKCE is required for every client. Send "
                "BASE64URL(SHA-256(code_verifier)) with code_challenge_method=S256.");
  auto method = params.Get("code_challenge_method");
  if (!method) return fail("invalid_request", "code_challenge_method is missing; send code_challenge_method=S256.");
  if (*method != "S256")
    return fail("invalid_request",
                "code_challenge_method " + Shown(*method) + " is refused; only S256 is supported (plain is not).");
  if (!IsValidCodeChallenge(*challenge))
    return fail("invalid_request",
                "code_challenge must be exactly 43 base64url characters (A-Z a-z 0-9 - _), "
                "the unpadded BASE64URL of a SHA-256 digest; got " +
                    std::to_string(challenge->size()) + " characters.");
  auto scope_text = params.Get("scope");
  if (!scope_text) return fail("invalid_scope", "scope is missing; request the scopes the integration needs.");
  auto scopes = ParseScope(*scope_text);
  if (!scopes) return fail("invalid_scope", scopes.error().message);
  if (auto declared = CheckDeclared(*scopes, *client->scopes); !declared)
    return fail("invalid_scope", declared.error().message);
  auto event_id = params.Get("event_id");
  if (!event_id)
    return fail("invalid_request", "event_id is missing; send the id of the event to connect (SANDBOX_EVENT_ID).");

  std::string scope = JoinScope(*scopes);
  auto event = SandboxData(services.db).FindEvent(*event_id);
  if (!event) {
    return fail("invalid_request", "Unknown event_id " + Shown(*event_id) +
                                       "; use an event of the sandbox (the start banner prints the default one as "
                                       "SANDBOX_EVENT_ID).");
  }
  if (services.options.auto_consent) {
    std::string location = IssueCodeLocked(
        services,
        {client->integration_id, std::string(*event_id), event->organization_id, uri, scope, std::string(*challenge)},
        minted, state);
    lock.unlock();
    return SendRedirect(ctx, location);
  }
  int64_t now = UnixSeconds(services.clock.Now());
  Consents(services.db)
      .InsertConsent({Sha256Hex(consent_id), client->integration_id, std::string(*event_id), uri, scope,
                      state.empty() ? std::nullopt : std::optional(state), std::string(*challenge), now,
                      now + kConsentSeconds, std::nullopt});
  ConsentView view{consent_id,
                   client->name,
                   OrganizationName(services.db, event->organization_id),
                   event->organization_id,
                   event->name,
                   std::string(*event_id),
                   *scopes,
                   uri};
  lock.unlock();
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_header("X-Frame-Options", "DENY");
  ctx.res.set_content(RenderConsentPage(view), "text/html; charset=utf-8");
}

}  // namespace revento::emulator::oauth
