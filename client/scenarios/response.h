// What a step produced, in one shape for every step kind: an HTTP status
// (or an exit code for run_emulator), headers, the raw body, the body as
// JSON when it parses, and the decoded query of a redirect's Location.
// Expectations and captures read it. Thread safety: a plain value.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace revento::client::scenarios {

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  nlohmann::json json;                       // discarded when the body is not JSON
  std::map<std::string, std::string> query;  // of Location, when there is one
  std::map<int, int> status_counts;          // parallel requests: status -> how many
  std::string what;                          // "POST /oauth/token", for failure messages

  // The first header named `name` (case-insensitive), or nullptr.
  const std::string* Header(const std::string& name) const;
  std::string RequestId() const;
  std::string BodyExcerpt(size_t limit = 300) const;
};

// The Response of one HTTP answer to `what`: its body as JSON (discarded when
// not JSON) and the decoded query of its Location, when it has one.
Response ResponseOf(std::string what, int status, std::vector<std::pair<std::string, std::string>> headers,
                    std::string body);

}  // namespace revento::client::scenarios
