#include "emulator/oauth/token_issuer.h"

#include "emulator/representations/json_text.h"

namespace revento::emulator::oauth {

// Written with the Read API's JSON text helpers: byte-identical to the
// nlohmann dump of the same object, without building one on every token
// response (tests/emulator/oauth/token_issuer_test.cc).
std::string IssuedTokens::ToJson() const {
  std::string out;
  out.reserve(256);
  auto field = [&out](std::string_view key, std::string_view value) {
    out += out.empty() ? "{\"" : ",\"";
    out += key;
    out += "\":";
    AppendJsonString(out, value);
  };
  field("access_token", access_token);
  field("refresh_token", refresh_token);
  field("token_type", "Bearer");
  out += ",\"expires_in\":";
  AppendJsonInt(out, expires_in);
  field("scope", scope);
  field("event_id", event_id);
  field("organization_id", organization_id);
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
