#include "emulator/oauth/token_issuer.h"

#include <nlohmann/json.hpp>

namespace revento::emulator::oauth {

std::string IssuedTokens::ToJson() const {
  nlohmann::ordered_json body = {{"access_token", access_token},
                                 {"refresh_token", refresh_token},
                                 {"token_type", "Bearer"},
                                 {"expires_in", expires_in},
                                 {"scope", scope},
                                 {"event_id", event_id},
                                 {"organization_id", organization_id}};
  return body.dump();
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
