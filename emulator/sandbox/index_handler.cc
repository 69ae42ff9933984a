#include "emulator/sandbox/index_handler.h"

#include <nlohmann/json.hpp>

#include "emulator/http/errors.h"
#include "version/version.h"

namespace revento::emulator::sandbox {

void HandleIndex(Services& services, const std::vector<std::string>& read_api, http::RequestContext& ctx) {
  const std::string& base = services.public_url;
  if (ctx.req.path == "/" && ctx.req.get_header_value("Accept").find("text/html") != std::string::npos) {
    ctx.res.status = 303;
    ctx.res.set_header("Location", "/_sandbox/console");
    return;
  }
  nlohmann::ordered_json body = {{"name", "revento-emulator"},
                                 {"version", kVersion},
                                 {"auth_base", base},
                                 {"api_base", services.ApiBase()},
                                 {"console", base + "/_sandbox/console"},
                                 {"openapi", base + "/_sandbox/openapi.json"},
                                 {"oauth_metadata", base + "/.well-known/oauth-authorization-server"},
                                 {"read_api", read_api}};
  ctx.res.status = 200;
  ctx.res.set_content(body.dump(), "application/json");
}

}  // namespace revento::emulator::sandbox
