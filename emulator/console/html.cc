#include "emulator/console/html.h"

#include "emulator/clock.h"
#include "emulator/http/errors.h"
#include "emulator/oauth/form_params.h"

namespace revento::emulator::console {

std::string Esc(std::string_view text) { return http::HtmlEscape(text); }

std::string EscJson(const nlohmann::json& value) {
  if (value.is_null()) return "\u2014";
  if (value.is_string()) return Esc(value.get<std::string>());
  return Esc(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string EscPrettyJson(const nlohmann::json& value) {
  return Esc(value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string PathSegment(std::string_view segment) { return oauth::FormEncode(segment); }

std::string Url(std::string_view path, const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out(path);
  char separator = '?';
  for (const auto& [name, value] : query) {
    out += separator + oauth::FormEncode(name) + "=" + oauth::FormEncode(value);
    separator = '&';
  }
  return out;
}

std::string ButtonForm(std::string_view action, std::string_view label, std::string_view return_to,
                       const std::vector<std::pair<std::string, std::string>>& fields, std::string_view css_class) {
  std::string out = "<form method=\"post\" class=\"inline\" action=\"" + Esc(action) + "\">";
  for (const auto& [name, value] : fields)
    out += "<input type=\"hidden\" name=\"" + Esc(name) + "\" value=\"" + Esc(value) + "\">";
  out += "<input type=\"hidden\" name=\"return_to\" value=\"" + Esc(return_to) + "\">";
  out += "<button type=\"submit\"";
  if (!css_class.empty()) out += " class=\"" + Esc(css_class) + "\"";
  out += ">" + Esc(label) + "</button></form>";
  return out;
}

std::string Time(int64_t unix_seconds) {
  return "<span class=\"time\">" + Esc(IsoTimestampFromUnix(unix_seconds)) + "</span>";
}

std::string TimeJson(const nlohmann::json& value) { return "<span class=\"time\">" + EscJson(value) + "</span>"; }

std::string Badge(std::string_view status) {
  return "<span class=\"badge " + Esc(status) + "\">" + Esc(status) + "</span>";
}

}  // namespace revento::emulator::console
