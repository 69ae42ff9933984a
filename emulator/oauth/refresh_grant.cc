#include "emulator/oauth/refresh_grant.h"

#include "emulator/oauth/scope.h"

namespace revento::emulator::oauth {

namespace {

// A refresh token presented after it was rotated: the whole family is revoked.
GrantResult RefreshReuse(Services& services, TokenFamilies& families, Transaction& tx,
                         const InstallationRecord& installation, const RefreshTokenRecord& token, int64_t now) {
  GrantError error{"invalid_grant",
                   "This refresh token was already used (rotated at " +
                       IsoTimestampFromUnix(token.used_at.value_or(now)) +
                       "). Refresh tokens are one-time: each refresh returns a new one, and presenting an old one "
                       "means two copies are in circulation, so the whole token family (installation " +
                       installation.id +
                       "), the newest tokens included, is now revoked. Re-consent at /oauth/authorize, and store "
                       "the new refresh token after every refresh.",
                   std::nullopt, "refresh token reuse"};
  if (families.RevokeFamily(installation.id, now, error.revoked_reason)) {
    error.revoked_installation_id = installation.id;
    services.events.InstallationRevoked(tx, installation.id, error.revoked_reason, now);
  }
  tx.Commit();
  return portable::unexpected(std::move(error));
}

}  // namespace

GrantResult Refresh(Services& services, OAuthClients& clients, const ClientRequest& request,
                    std::string_view refresh_token, std::optional<std::string_view> scope) {
  std::optional<std::vector<std::string>> requested;
  if (scope) {
    auto parsed = ParseScope(*scope);
    if (!parsed) return GrantFailure("invalid_scope", "scope: " + parsed.error().message);
    requested = std::move(*parsed);
  }
  std::string token_hash = Sha256Hex(refresh_token);
  MintedTokens minted = MintTokens(services.ids);
  auto lock = services.db.Lock();
  auto authenticated = AuthenticateLocked(clients, request);
  if (!authenticated) return InvalidClient(authenticated.error());
  const OAuthClient& client = *authenticated;
  int64_t now = UnixSeconds(services.clock.Now());
  TokenFamilies families(services.db);
  Transaction tx(services.db);
  auto token = families.FindRefreshToken(token_hash);
  if (!token) {
    return GrantFailure("invalid_grant",
                        "Unknown refresh token: it was never issued by this sandbox, was mistyped, or the sandbox "
                        "was reset since. Authorize again.");
  }
  auto installation = families.FindInstallation(token->installation_id);
  if (!installation || installation->integration_id != client.integration_id) {
    return GrantFailure("invalid_grant",
                        "This refresh token was issued to another integration, not to " + client.client_id + ".");
  }
  if (installation->revoked_at) {
    return GrantFailure("invalid_grant",
                        "This refresh token's family (installation " + installation->id + ") was revoked at " +
                            IsoTimestampFromUnix(*installation->revoked_at) + " (" +
                            installation->revoked_reason.value_or("revoked") +
                            "). Every token of the family is dead: send the user through /oauth/authorize again.");
  }
  if (token->used_at || token->revoked_at) return RefreshReuse(services, families, tx, *installation, *token, now);
  std::string access_scope = token->scope;
  if (requested) {
    auto granted = ParseScope(token->scope);
    if (!granted || !IsSubset(*requested, *granted)) {
      return GrantFailure("invalid_scope", "scope \"" + std::string(scope->substr(0, 200)) +
                                               "\" is wider than this refresh token's grant (\"" + token->scope +
                                               "\"); a refresh may narrow the scope, never widen it.");
    }
    access_scope = JoinScope(*requested);
  }
  if (!families.MarkRefreshTokenUsed(token_hash, now)) {
    // Lost a race with a concurrent refresh of the same token: that is a reuse.
    return RefreshReuse(services, families, tx, *installation, *token, now);
  }
  IssuedTokens tokens = IssueTokens(families, std::move(minted), *installation, access_scope, token->scope, now);
  tx.Commit();
  return tokens;
}

}  // namespace revento::emulator::oauth
