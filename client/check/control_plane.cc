#include "client/check/control_plane.h"

#include <algorithm>

namespace revento::client::check {

ControlPlane::ControlPlane(std::string base_url, std::shared_ptr<http::Transport> transport, std::string admin_token)
    : base_url_(std::move(base_url)), transport_(std::move(transport)), admin_token_(std::move(admin_token)) {}

Result<nlohmann::json> ControlPlane::Call(const std::string& method, const std::string& path, const std::string& body) {
  http::Request request{
      method, base_url_ + path, {{"Accept", "application/json"}}, body, std::chrono::milliseconds(15'000)};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  if (!admin_token_.empty()) request.headers.emplace_back("X-Revento-Admin-Token", admin_token_);
  auto response = transport_->Send(request);
  if (!response) {
    return Fail(kTransportFailed, method + " " + base_url_ + path + ": " + response.error().message +
                                      " (start revento-emulator, or pass --emulator URL)");
  }
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status < 200 || response->status >= 300) {
    std::string words = json.is_object() && json.contains("error") && json["error"].is_object()
                            ? json["error"].value("message", "")
                            : response->body.substr(0, 200);
    Error error{method + " " + path + " answered " + std::to_string(response->status) + ": " + words};
    error.status = response->status;
    return std::unexpected(error);
  }
  if (json.is_discarded()) {
    return Fail(kBadResponse,
                method + " " + path + " answered a body that is not JSON: is " + base_url_ + " a revento-emulator?");
  }
  return json;
}

Result<int64_t> ControlPlane::LastSeq() {
  auto page = Call("GET", "/_sandbox/requests?limit=1");
  if (!page) return std::unexpected(page.error());
  if (page->value("capacity", int64_t{1}) == 0) {
    return Fail(kBadResponse, "the emulator at " + base_url_ +
                                  " keeps no request journal (--journal-size 0): restart it without that flag");
  }
  const auto& data = (*page)["data"];
  if (!data.is_array() || data.empty()) return 0;
  return data[0].value("seq", int64_t{0});
}

Result<std::vector<nlohmann::json>> ControlPlane::JournalAfter(int64_t seq) {
  auto page = Call("GET", "/_sandbox/requests?limit=10000");
  if (!page) return std::unexpected(page.error());
  std::vector<nlohmann::json> entries;
  if ((*page)["data"].is_array()) {
    for (const auto& entry : (*page)["data"]) {
      if (entry.value("seq", int64_t{0}) > seq) entries.push_back(entry);
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.value("seq", int64_t{0}) < b.value("seq", int64_t{0}); });
  return entries;
}

Result<nlohmann::json> ControlPlane::Integrations() {
  auto list = Call("GET", "/_sandbox/integrations");
  if (!list) return std::unexpected(list.error());
  return (*list)["data"];
}

Result<nlohmann::json> ControlPlane::Installations() {
  auto list = Call("GET", "/_sandbox/installations");
  if (!list) return std::unexpected(list.error());
  return (*list)["data"];
}

Result<nlohmann::json> ControlPlane::AdvanceClock(int64_t seconds) {
  return Call("POST", "/_sandbox/clock", nlohmann::json{{"advance_seconds", seconds}}.dump());
}

}  // namespace revento::client::check
