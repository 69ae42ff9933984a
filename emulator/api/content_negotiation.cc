#include "emulator/api/content_negotiation.h"

#include <string>
#include <string_view>

#include "portable/httplib_compat.h"
#include "emulator/text.h"

namespace revento::emulator::api {

namespace {

// q=0 (0, 0.0, 0.00, 0.000) excludes a range; any other q, or none, keeps it.
bool ExcludedByQuality(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    std::string_view value = param.substr(2);
    if (value.empty() || value[0] != '0') return false;
    for (char c : value.substr(1))
      if (c != '.' && c != '0') return false;
    return true;
  }
  return false;
}

enum class RangeKind { kServed, kOtherVersion, kOther };

RangeKind Classify(std::string_view type) {
  std::string t = Lower(type);
  if (t == "*/*" || t == "application/*" || t == "application/json" || t == "application/vnd.revento.v1+json") {
    return RangeKind::kServed;
  }
  if (t.starts_with("application/vnd.revento")) return RangeKind::kOtherVersion;
  return RangeKind::kOther;
}

}  // namespace

std::optional<ApiError> CheckAccept(const httplib::Request& req) {
  size_t count = req.get_header_value_count("Accept");
  bool any_range = false, other_version = false;
  std::string first_other, first_version;
  for (size_t h = 0; h < count; ++h) {
    std::string value = portable::HeaderValue(req, "Accept", h);
    std::string_view header = value;
    while (!header.empty()) {
      size_t comma = header.find(',');
      std::string_view range = Trim(header.substr(0, comma));
      header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
      if (range.empty()) continue;
      any_range = true;
      size_t semi = range.find(';');
      std::string_view type = Trim(range.substr(0, semi));
      std::string_view params = semi == std::string_view::npos ? std::string_view() : range.substr(semi + 1);
      RangeKind kind = Classify(type);
      if (ExcludedByQuality(params)) kind = RangeKind::kOther;
      if (kind == RangeKind::kServed) return std::nullopt;
      if (kind == RangeKind::kOtherVersion && !other_version) {
        other_version = true;
        first_version = std::string(type.substr(0, 100));
      }
      if (first_other.empty()) first_other = std::string(type.substr(0, 100));
    }
  }
  if (!any_range) return std::nullopt;
  if (other_version) {
    return ApiError{406,
                    "unsupported_version",
                    "This API serves version v1 only, and the Accept header asks for \"" + first_version +
                        "\": send \"Accept: application/vnd.revento.v1+json\" (or application/json).",
                    {}};
  }
  return ApiError{406,
                  "not_acceptable",
                  "The API answers JSON only, and the Accept header does not accept it (first range: \"" + first_other +
                      "\"): send \"Accept: application/vnd.revento.v1+json\", application/json or */*.",
                  {}};
}

}  // namespace revento::emulator::api
