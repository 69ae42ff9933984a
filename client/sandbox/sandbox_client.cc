#include "client/sandbox/sandbox_client.h"

#include <algorithm>

namespace revento::client::sandbox {

Result<SandboxClient> SandboxClient::Connect(const std::string& base_url, std::string admin_token,
                                             std::shared_ptr<http::Transport> transport) {
  std::string origin = base_url;
  while (origin.ends_with("/")) origin.pop_back();
  auto url = http::ParseUrl(origin);
  if (!url || url->target != "/") {
    return Fail(kInvalidArgument, "--emulator \"" + base_url +
                                      "\" is not an emulator origin (scheme, host and port, no path): pass e.g. "
                                      "--emulator http://localhost:8787");
  }
  return SandboxClient(url->Origin(), std::move(admin_token), std::move(transport));
}

SandboxClient::SandboxClient(std::string base_url, std::string admin_token, std::shared_ptr<http::Transport> transport)
    : base_url_(std::move(base_url)), admin_token_(std::move(admin_token)), transport_(std::move(transport)) {}

Result<nlohmann::json> SandboxClient::Call(const std::string& method, const std::string& path,
                                           const std::string& body) {
  http::Request request{
      method, base_url_ + path, {{"Accept", "application/json"}}, body, std::chrono::milliseconds(60'000)};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  if (!admin_token_.empty()) request.headers.emplace_back("X-Revento-Admin-Token", admin_token_);
  auto response = transport_->Send(request);
  if (!response) {
    return Fail(kTransportFailed, method + " " + base_url_ + path + ": " + response.error().message +
                                      " (start revento-emulator, or pass --emulator URL / set REVENTO_EMULATOR)");
  }
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status < 200 || response->status >= 300) {
    bool emulator_error = json.is_object() && json.contains("error") && json["error"].is_object() &&
                          json["error"].contains("message") && json["error"]["message"].is_string();
    // Another server's page (HTML, many lines) is not passed through: ask for the emulator.
    std::string words = emulator_error
                            ? json["error"]["message"].get<std::string>()
                            : "not the emulator's JSON error; is " + base_url_ +
                                  " a revento-emulator? Pass its URL with --emulator or set REVENTO_EMULATOR";
    Error error{method + " " + path + " answered " + std::to_string(response->status) + ": " + words};
    error.status = response->status;
    if (emulator_error) error.code = json["error"].value("code", "");
    return portable::unexpected(error);
  }
  if (json.is_discarded()) {
    return Fail(kBadResponse,
                method + " " + path + " answered a body that is not JSON: is " + base_url_ + " a revento-emulator?");
  }
  return json;
}

Result<nlohmann::json> SandboxClient::Trigger(const TriggerRequest& request) {
  nlohmann::ordered_json body = {{"type", request.type}, {"event_id", request.event_id}};
  if (!request.overrides.empty()) body["overrides"] = request.overrides;
  if (request.application_id) body["application_id"] = *request.application_id;
  if (request.participant_id) body["participant_id"] = *request.participant_id;
  return Call("POST", "/_sandbox/webhooks/trigger", body.dump());
}

Result<nlohmann::json> SandboxClient::ListDeliveries(int limit) {
  return Call("GET", "/_sandbox/deliveries?limit=" + std::to_string(limit));
}

Result<nlohmann::json> SandboxClient::GetDelivery(const std::string& id) {
  return Call("GET", "/_sandbox/deliveries/" + http::EncodePathSegment(id));
}

Result<nlohmann::json> SandboxClient::Flush() { return Call("POST", "/_sandbox/deliveries/flush", "{}"); }

Result<int64_t> SandboxClient::LastSeq() {
  auto page = Call("GET", "/_sandbox/requests?limit=1");
  if (!page) return portable::unexpected(page.error());
  if (page->value("capacity", int64_t{1}) == 0) {
    return Fail(kBadResponse, "the emulator at " + base_url_ +
                                  " keeps no request journal (--journal-size 0): restart it without that flag");
  }
  const auto& data = (*page)["data"];
  if (!data.is_array() || data.empty()) return 0;
  return data[0].value("seq", int64_t{0});
}

Result<std::vector<nlohmann::json>> SandboxClient::JournalAfter(int64_t seq) {
  auto page = Call("GET", "/_sandbox/requests?limit=10000");
  if (!page) return portable::unexpected(page.error());
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

Result<nlohmann::json> SandboxClient::Integrations() {
  auto list = Call("GET", "/_sandbox/integrations");
  if (!list) return portable::unexpected(list.error());
  return (*list)["data"];
}

Result<nlohmann::json> SandboxClient::Installations() {
  auto list = Call("GET", "/_sandbox/installations");
  if (!list) return portable::unexpected(list.error());
  return (*list)["data"];
}

Result<nlohmann::json> SandboxClient::AdvanceClock(int64_t seconds) {
  return Call("POST", "/_sandbox/clock", nlohmann::json{{"advance_seconds", seconds}}.dump());
}

}  // namespace revento::client::sandbox
