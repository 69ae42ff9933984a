#include "emulator/oauth/redirect_uri.h"

#include "emulator/oauth/form_params.h"

namespace revento::emulator::oauth {

bool IsRegisteredRedirectUri(const std::vector<std::string>& registered, std::string_view uri) {
  for (const auto& candidate : registered)
    if (candidate == uri) return true;
  return false;
}

std::string RedirectWith(std::string_view redirect_uri,
                         const std::vector<std::pair<std::string_view, std::string_view>>& params) {
  std::string out(redirect_uri);
  char separator = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out.push_back(separator);
    out += FormEncode(name);
    out.push_back('=');
    out += FormEncode(value);
    separator = '&';
  }
  return out;
}

}  // namespace revento::emulator::oauth
