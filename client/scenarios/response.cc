#include "client/scenarios/response.h"

#include <strings.h>

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

}  // namespace revento::client::scenarios
