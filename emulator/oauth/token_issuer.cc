#include "emulator/oauth/token_issuer.h"

#include "emulator/representations/json_text.h"

namespace revento::emulator::oauth {

// Written with the Read API's JSON text helpers: byte-identical to the
// nlohmann dump of the same object, without building one on every token
// response (tests/emulator/oauth/token_issuer_test.cc).
std::string IssuedTokens::ToJson() const {
  std::string out;
  out.reserve(96 + access_token.size() + refresh_token.size() + scope.size() + event_id.size() +
              organization_id.size());
  out += "{\"access_token\":";
  AppendJsonString(out, access_token);
  out += ",\"refresh_token\":";
  AppendJsonString(out, refresh_token);
  out += ",\"token_type\":\"Bearer\",\"expires_in\":";
  AppendJsonInt(out, expires_in);
  out += ",\"scope\":";
  AppendJsonString(out, scope);
  out += ",\"event_id\":";
  AppendJsonString(out, event_id);
  out += ",\"organization_id\":";
  AppendJsonString(out, organization_id);
  out += '}';
  return out;
}

MintedTokens MintTokens(IdSource& ids) {
  MintedTokens minted;
  minted.access_token = ids.NewId("rev_install_", 20);
  minted.access_hash = Sha256Hex(minted.access_token);
  minted.refresh_token = ids.NewId("rev_refresh_", 20);
  minted.refresh_hash = Sha256Hex(minted.refresh_token);
  return minted;
}

IssuedTokens IssueTokens(TokenFamilies& families, MintedTokens minted, const InstallationRecord& installation,
                         const std::string& access_scope, const std::string& refresh_scope, int64_t now) {
  families.InsertAccessToken(
      {minted.access_hash, installation.id, access_scope, now, now + kAccessTokenSeconds, std::nullopt});
  families.InsertRefreshToken({minted.refresh_hash, installation.id, refresh_scope, now, std::nullopt, std::nullopt});
  IssuedTokens out;
  out.access_token = std::move(minted.access_token);
  out.refresh_token = std::move(minted.refresh_token);
  out.scope = access_scope;
  out.event_id = installation.event_id;
  out.organization_id = installation.organization_id;
  return out;
}

}  // namespace revento::emulator::oauth
