#include "emulator/oauth/token_handler.h"

#include "emulator/http/errors.h"
#include "emulator/oauth/client_request.h"
#include "emulator/oauth/code_grant.h"
#include "emulator/oauth/refresh_grant.h"

namespace revento::emulator::oauth {

void HandleToken(Services& services, OAuthClients& clients, http::RequestContext& ctx) {
  auto request = ReadClientRequest(ctx);
  if (!request) return;
  const FormParams& form = request->form;
  auto grant_type = form.Get("grant_type");
  if (!grant_type)
    return http::SendOAuthError(ctx.res, 400, "invalid_request",
                                "grant_type is missing; send authorization_code or refresh_token.");
  GrantResult result;
  if (*grant_type == "authorization_code") {
    auto code = form.Get("code");
    if (!code)
      return http::SendOAuthError(ctx.res, 400, "invalid_request",
                                  "code is missing; send the code your redirect_uri received.");
    auto redirect_uri = form.Get("redirect_uri");
    if (!redirect_uri)
      return http::SendOAuthError(ctx.res, 400, "invalid_request",
                                  "redirect_uri is missing; send exactly the redirect_uri of the authorization "
                                  "request.");
    result = ExchangeCode(services, clients, *request, *code, *redirect_uri, form.Get("code_verifier").value_or(""));
  } else if (*grant_type == "refresh_token") {
    auto refresh_token = form.Get("refresh_token");
    if (!refresh_token)
      return http::SendOAuthError(ctx.res, 400, "invalid_request",
                                  "refresh_token is missing; send the latest refresh token you received.");
    result = Refresh(services, clients, *request, *refresh_token, form.Get("scope"));
  } else {
    return http::SendOAuthError(ctx.res, 400, "unsupported_grant_type",
                                "grant_type \"" + std::string(grant_type->substr(0, 100)) +
                                    "\" is not supported; use authorization_code or refresh_token.");
  }
  if (!result) {
    SendClientError(ctx, result.error().status, result.error().error, result.error().description,
                    result.error().www_authenticate);
    // The revocation and its installation.revoked delivery committed
    // together inside the grant; now (no lock held) the delivery goes out.
    if (result.error().revoked_installation_id) services.events.AfterCommit();
    return;
  }
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_header("Pragma", "no-cache");
  ctx.res.set_content(result->ToJson(), "application/json");
}

}  // namespace revento::emulator::oauth
