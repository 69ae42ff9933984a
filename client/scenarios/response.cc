#include "client/scenarios/response.h"

#include <strings.h>

#include "client/oauth/form_encoding.h"

namespace revento::client::scenarios {

const std::string* Response::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return &value;
  }
  return nullptr;
}

std::string Response::RequestId() const {
  const std::string* id = Header("X-Revento-Request-Id");
  return id ? *id : "";
}

std::string Response::BodyExcerpt(size_t limit) const {
  std::string text = body.size() > limit ? body.substr(0, limit) + "..." : body;
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

Response ResponseOf(std::string what, int status, std::vector<std::pair<std::string, std::string>> headers,
                    std::string body) {
  Response out;
  out.what = std::move(what);
  out.status = status;
  out.headers = std::move(headers);
  out.body = std::move(body);
  out.json = nlohmann::json::parse(out.body, nullptr, false);
  if (const std::string* location = out.Header("Location")) out.query = DecodeQueryOf(*location);
  return out;
}

}  // namespace revento::client::scenarios
