#include "emulator/oauth/metadata_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/catalog.h"
#include "emulator/http/errors.h"

namespace revento::emulator::oauth {

void HandleMetadata(Services& services, http::RequestContext& ctx) {
  const std::string& issuer = services.public_url;
  nlohmann::json scopes = nlohmann::json::array();
  for (const auto& s : Scopes()) scopes.push_back(s.name);
  nlohmann::json auth_methods = {"client_secret_post", "client_secret_basic"};
  ctx.res.set_header("Cache-Control", "public, max-age=60");
  http::SendJson(ctx.res, 200,
                 {{"issuer", issuer},
                  {"authorization_endpoint", issuer + "/oauth/authorize"},
                  {"token_endpoint", issuer + "/oauth/token"},
                  {"revocation_endpoint", issuer + "/oauth/revoke"},
                  {"response_types_supported", {"code"}},
                  {"response_modes_supported", {"query"}},
                  {"grant_types_supported", {"authorization_code", "refresh_token"}},
                  {"token_endpoint_auth_methods_supported", auth_methods},
                  {"revocation_endpoint_auth_methods_supported", auth_methods},
                  {"code_challenge_methods_supported", {"S256"}},
                  {"scopes_supported", scopes}});
}

}  // namespace revento::emulator::oauth
