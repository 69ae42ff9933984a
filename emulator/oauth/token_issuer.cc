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

IssuedTokens IssueTokens(TokenFamilies& families, IdSource& ids, const InstallationRecord& installation,
                         const std::string& access_scope, const std::string& refresh_scope, int64_t now) {
  IssuedTokens out;
  out.access_token = ids.NewId("rev_install_", 20);
  out.refresh_token = ids.NewId("rev_refresh_", 20);
  out.scope = access_scope;
  out.event_id = installation.event_id;
  out.organization_id = installation.organization_id;
  families.InsertAccessToken(
      {Sha256Hex(out.access_token), installation.id, access_scope, now, now + kAccessTokenSeconds, std::nullopt});
  families.InsertRefreshToken(
      {Sha256Hex(out.refresh_token), installation.id, refresh_scope, now, std::nullopt, std::nullopt});
  return out;
}

}  // namespace revento::emulator::oauth
