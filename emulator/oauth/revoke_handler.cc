#include "emulator/oauth/revoke_handler.h"

#include "emulator/http/errors.h"
#include "emulator/oauth/client_request.h"
#include "emulator/store/token_families.h"

namespace revento::emulator::oauth {

namespace {
constexpr const char* kRevokedReason = "revoked via /oauth/revoke";
}

void HandleRevoke(Services& services, OAuthClients& clients, http::RequestContext& ctx) {
  auto request = ReadClientRequest(ctx);
  if (!request) return;
  auto token = request->form.Get("token");
  if (!token)
    return http::SendOAuthError(ctx.res, 400, "invalid_request", "token is missing; send the token to revoke.");
  std::string token_hash = Sha256Hex(*token);
  std::optional<std::string> revoked_family;
  bool foreign = false;
  {
    auto lock = services.db.Lock();
    auto client = AuthenticateLocked(clients, *request);
    if (!client) {
      ClientAuthError error = client.error();
      lock.unlock();
      return SendClientError(ctx, 401, "invalid_client", error.description, error.basic);
    }
    int64_t now = UnixSeconds(services.clock.Now());
    TokenFamilies families(services.db);
    Transaction tx(services.db);
    std::optional<std::string> installation_id;
    bool is_refresh = false;
    if (auto refresh = families.FindRefreshToken(token_hash)) {
      installation_id = refresh->installation_id;
      is_refresh = true;
    } else if (auto access = families.FindAccessToken(token_hash)) {
      installation_id = access->installation_id;
    }
    if (installation_id) {
      auto installation = families.FindInstallation(*installation_id);
      if (!installation || installation->integration_id != client->integration_id) {
        foreign = true;
      } else if (is_refresh) {
        if (families.RevokeFamily(*installation_id, now, kRevokedReason)) {
          revoked_family = installation_id;
          services.events.InstallationRevoked(tx, *installation_id, kRevokedReason, now);
        }
      } else {
        // RFC 7009 2.2: a token that is already revoked is answered 200 all the same.
        (void)families.RevokeAccessToken(token_hash, now);
      }
    }
    tx.Commit();
  }
  if (foreign)
    return http::SendOAuthError(ctx.res, 400, "invalid_request",
                                "This token was issued to another integration; an integration can revoke only its "
                                "own tokens.");
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_header("Pragma", "no-cache");
  if (revoked_family) services.events.AfterCommit();
}

}  // namespace revento::emulator::oauth
