#include "client/scenarios/step_context.h"

namespace revento::client::scenarios {

using nlohmann::json;

namespace {

// The socket transport the browser uses when the target gives none.
std::shared_ptr<http::Transport> BrowserTransport(const Target& target) {
  return target.transport ? target.transport : http::MakeHttpTransport();
}

}  // namespace

StepContext::StepContext(Target& target, json vars)
    : target_(target), vars_(std::move(vars)), browser_(BrowserTransport(target), std::chrono::seconds(60)) {
  Reconnect();
}

std::string StepContext::Var(const char* name) const { return vars_.contains(name) ? Str(vars_, name) : ""; }

HttpPort StepContext::PortTo(const std::string& origin) const { return HttpPort(origin, target_.transport); }

WebhookReceiver& StepContext::StartReceiver() {
  receiver_ = std::make_unique<WebhookReceiver>(*target_.clock);
  return *receiver_;
}

Params StepContext::SandboxHeaders() const {
  Params headers;
  if (!target_.admin_token.empty()) headers.emplace_back("X-Revento-Admin-Token", target_.admin_token);
  return headers;
}

Response StepContext::Sandbox(const std::string& method, const std::string& path, const json& body) {
  return emulator_->Send(method, path, SandboxHeaders(), body.is_null() ? "" : body.dump(),
                         body.is_null() ? "" : "application/json");
}

void StepContext::StoreTokens(const Response& r) {
  if (r.status != 200 || !r.json.is_object()) return;
  if (r.json.contains("access_token")) vars_["access_token"] = r.json["access_token"];
  if (r.json.contains("refresh_token")) vars_["refresh_token"] = r.json["refresh_token"];
}

void StepContext::Reconnect() {
  emulator_ = std::make_unique<HttpPort>(target_.base_url, target_.transport);
  oauth_ = std::make_unique<OAuthAdapter>(*emulator_);
  api_ = std::make_unique<ApiAdapter>(*emulator_, "/api/v1");
}

std::string Str(const json& params, const char* key, const std::string& fallback) {
  if (params.contains(key) && params[key].is_string()) return params[key].get<std::string>();
  if (params.contains(key) && !params[key].is_null()) return params[key].dump();
  return fallback;
}

Params HeadersOf(const json& object) {
  Params out;
  if (!object.is_object()) return out;
  for (const auto& [name, value] : object.items())
    out.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

Response Ok() {
  Response r;
  r.status = 200;
  return r;
}

}  // namespace revento::client::scenarios
