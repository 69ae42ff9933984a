#include "client/webhooks/sandbox_client.h"

namespace revento::client::webhooks {

Result<SandboxClient> SandboxClient::Connect(const std::string& base_url) {
  std::string url = base_url;
  while (url.ends_with("/")) url.pop_back();
  bool http = url.starts_with("http://") || url.starts_with("https://");
  size_t host = url.find("://");
  if (!http || host + 3 >= url.size() || url.find('/', host + 3) != std::string::npos) {
    return Fail("--emulator \"" + base_url +
                "\" is not an emulator origin: pass e.g. --emulator http://localhost:8787");
  }
  return SandboxClient(url);
}

SandboxClient::SandboxClient(std::string base_url)
    : base_url_(std::move(base_url)), http_(std::make_unique<httplib::Client>(base_url_)) {
  http_->set_connection_timeout(std::chrono::seconds(5));
  http_->set_read_timeout(std::chrono::seconds(60));
}

Result<nlohmann::json> SandboxClient::Answer(const std::string& what, const httplib::Result& res) {
  if (!res) {
    return Fail("cannot reach the emulator at " + base_url_ + " (" + httplib::to_string(res.error()) +
                "): start it with revento-emulator, or pass --emulator URL / set REVENTO_EMULATOR");
  }
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status < 200 || res->status >= 300) {
    if (!body.is_discarded() && body.contains("error") && body["error"].is_object() &&
        body["error"].value("message", "") != "") {
      Error refusal(what + " answered " + std::to_string(res->status) + ": " +
                    body["error"]["message"].get<std::string>());
      refusal.status = res->status;
      refusal.code = body["error"].value("code", "");
      return std::unexpected(std::move(refusal));
    }
    return Fail(what + " answered " + std::to_string(res->status) + " without the emulator's JSON error; is " +
                base_url_ + " a revento-emulator? Pass its URL with --emulator or set REVENTO_EMULATOR");
  }
  if (body.is_discarded())
    return Fail(what + " answered something that is not JSON; is " + base_url_ + " the emulator?");
  return body;
}

Result<nlohmann::json> SandboxClient::Trigger(const TriggerRequest& request) {
  nlohmann::ordered_json body = {{"type", request.type}, {"event_id", request.event_id}};
  if (!request.overrides.empty()) body["overrides"] = request.overrides;
  if (request.application_id) body["application_id"] = *request.application_id;
  if (request.participant_id) body["participant_id"] = *request.participant_id;
  return Answer("POST /_sandbox/webhooks/trigger",
                http_->Post("/_sandbox/webhooks/trigger", body.dump(), "application/json"));
}

Result<nlohmann::json> SandboxClient::ListDeliveries(int limit) {
  return Answer("GET /_sandbox/deliveries", http_->Get("/_sandbox/deliveries?limit=" + std::to_string(limit)));
}

Result<nlohmann::json> SandboxClient::GetDelivery(const std::string& id) {
  return Answer("GET /_sandbox/deliveries/" + id, http_->Get("/_sandbox/deliveries/" + id));
}

Result<nlohmann::json> SandboxClient::Flush() {
  return Answer("POST /_sandbox/deliveries/flush", http_->Post("/_sandbox/deliveries/flush", "", "application/json"));
}

}  // namespace revento::client::webhooks
