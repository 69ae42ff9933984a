#include "emulator/oauth/code_grant.h"

#include "emulator/oauth/pkce.h"
#include "emulator/oauth/redirect_uri.h"
#include "emulator/store/consents.h"

namespace revento::emulator::oauth {

namespace {

std::string Quoted(std::string_view s) { return "\"" + std::string(s.substr(0, 300)) + "\""; }

// A code presented a second time: every token issued from it is revoked (RFC 6749 4.1.2).
GrantResult CodeReuse(Services& services, TokenFamilies& families, Transaction& tx, const CodeRecord& used,
                      int64_t now) {
  GrantError error{"invalid_grant",
                   "This authorization code was already used (at " + IsoTimestampFromUnix(used.used_at.value_or(now)) +
                       "). Codes are single use; because it was presented twice, every token issued from it "
                       "has been revoked (RFC 6749 4.1.2). Start again at /oauth/authorize.",
                   std::nullopt, "authorization code reuse"};
  if (used.installation_id && families.RevokeFamily(*used.installation_id, now, error.revoked_reason)) {
    error.revoked_installation_id = used.installation_id;
    services.events.InstallationRevoked(tx, *used.installation_id, error.revoked_reason, now);
  }
  tx.Commit();
  return portable::unexpected(std::move(error));
}

}  // namespace

MintedCode MintCode(IdSource& ids) {
  MintedCode minted;
  minted.code = ids.NewId("rev_code_", 20);
  minted.hash = Sha256Hex(minted.code);
  return minted;
}

std::string IssueCodeLocked(Services& services, const CodeRequest& r, const MintedCode& minted,
                            std::string_view state) {
  int64_t now = UnixSeconds(services.clock.Now());
  Consents(services.db)
      .InsertCode({minted.hash, r.integration_id, r.event_id, r.organization_id, std::nullopt, r.redirect_uri, r.scope,
                   r.code_challenge, now, now + kCodeSeconds, std::nullopt});
  std::vector<std::pair<std::string_view, std::string_view>> params{{"code", minted.code}};
  if (!state.empty()) params.emplace_back("state", state);
  return RedirectWith(r.redirect_uri, params);
}

GrantResult ExchangeCode(Services& services, OAuthClients& clients, const ClientRequest& request, std::string_view code,
                         std::string_view redirect_uri, std::string_view code_verifier) {
  std::string code_hash = Sha256Hex(code);
  std::string installation_id = services.ids.NewId("ins_", 10);
  MintedTokens minted = MintTokens(services.ids);
  auto lock = services.db.Lock();
  auto authenticated = AuthenticateLocked(clients, request);
  if (!authenticated) return InvalidClient(authenticated.error());
  const OAuthClient& client = *authenticated;
  int64_t now = UnixSeconds(services.clock.Now());
  Consents consents(services.db);
  TokenFamilies families(services.db);
  Transaction tx(services.db);
  auto found = consents.FindCode(code_hash);
  if (!found) {
    return GrantFailure("invalid_grant",
                        "Unknown authorization code: it was never issued by this sandbox, was mistyped, or the "
                        "sandbox was reset since. Start again at /oauth/authorize.");
  }
  if (found->integration_id != client.integration_id) {
    return GrantFailure("invalid_grant",
                        "This authorization code was issued to another integration, not to " + client.client_id + ".");
  }
  if (found->used_at) return CodeReuse(services, families, tx, *found, now);
  if (now >= found->expires_at) {
    return GrantFailure("invalid_grant", "This authorization code expired at " +
                                             IsoTimestampFromUnix(found->expires_at) +
                                             " (codes live 10 minutes on the sandbox clock; it is now " +
                                             IsoTimestampFromUnix(now) + "). Start again at /oauth/authorize.");
  }
  if (redirect_uri != found->redirect_uri) {
    return GrantFailure("invalid_grant", "redirect_uri " + Quoted(redirect_uri) +
                                             " is not byte-for-byte the one this code was authorized for (" +
                                             Quoted(found->redirect_uri) + "). Send exactly the same string.");
  }
  if (code_verifier.empty()) {
    return GrantFailure("invalid_grant",
                        "code_verifier is missing: send the PKCE verifier whose S256 challenge you sent to "
                        "/oauth/authorize.");
  }
  if (!IsValidCodeVerifier(code_verifier)) {
    return GrantFailure("invalid_grant",
                        "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (got " +
                            std::to_string(code_verifier.size()) + " characters" +
                            (code_verifier.size() >= 43 && code_verifier.size() <= 128 ? ", with others" : "") +
                            "; RFC 7636 4.1).");
  }
  if (!VerifyS256(code_verifier, found->code_challenge)) {
    return GrantFailure("invalid_grant",
                        "code_verifier does not match the code_challenge sent to /oauth/authorize: "
                        "BASE64URL(SHA-256(code_verifier)) must equal the challenge. Send the verifier you "
                        "generated for this authorization.");
  }
  InstallationRecord installation{installation_id,        found->integration_id, found->event_id,
                                  found->organization_id, found->scope,          now,
                                  std::nullopt,           std::nullopt};
  families.InsertInstallation(installation);
  if (!consents.MarkCodeUsed(code_hash, installation.id, now)) {
    // Lost a race with a concurrent exchange of the same code: that is a second use.
    (void)families.RevokeFamily(installation.id, now, "authorization code reuse");
    return CodeReuse(services, families, tx, consents.FindCode(code_hash).value_or(*found), now);
  }
  IssuedTokens tokens = IssueTokens(families, std::move(minted), installation, found->scope, found->scope, now);
  tx.Commit();
  return tokens;
}

}  // namespace revento::emulator::oauth
