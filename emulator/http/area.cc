#include "emulator/http/area.h"

namespace revento::emulator::http {

Area AreaOf(std::string_view path) {
  if (path.starts_with("/oauth/authorize") || path.starts_with("/oauth/consent")) return Area::kHtml;
  if (path.starts_with("/oauth") || path.starts_with("/.well-known")) return Area::kOAuth;
  if (path.starts_with("/_sandbox/console")) return Area::kHtml;
  if (path.starts_with("/_sandbox")) return Area::kSandbox;
  return Area::kApi;
}

}  // namespace revento::emulator::http
