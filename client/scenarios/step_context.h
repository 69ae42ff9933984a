// What a scenario's steps share while it runs, handed to each step kind's
// runner (the `run` of its row in step_catalog.cc): the variables, the
// Target, the emulator's port and the OAuth and API adapters over it, the
// scenario's one browser (client/browser/browser.h: its cookies persist
// across app_get steps), the webhook receiver when the scenario has one, and
// the few things several runners do (a /_sandbox request with the admin
// token, storing tokens from a token answer, reading a step's parameters).
//
// Every HTTP request goes through the Target's transport when it has one
// (unit tests give a fake); otherwise each port opens its own socket
// transport, as a fresh one after `restart_emulator` (Reconnect).
// Trust: SandboxHeaders (the admin token) are for the emulator's origin only.
//
// Errors: none of its own; a transport failure is a Response with status 0.
// Thread safety: one context per running scenario, used by its thread; a
// runner that starts threads gives each its own port (PortTo) or browser copy.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/browser/browser.h"
#include "client/scenarios/adapters.h"
#include "client/scenarios/receiver.h"
#include "client/scenarios/response.h"
#include "client/scenarios/scenario_run.h"

namespace revento::client::scenarios {

using Problems = std::vector<std::string>;

class StepContext {
 public:
  StepContext(Target& target, nlohmann::json vars);

  Target& target() { return target_; }
  nlohmann::json& vars() { return vars_; }
  // A variable as text ("" when unset).
  std::string Var(const char* name) const;

  HttpPort& emulator() { return *emulator_; }
  OAuthAdapter& oauth() { return *oauth_; }
  ApiAdapter& api() { return *api_; }
  // A port to another origin (the app, the receiver) or a second one to the emulator.
  HttpPort PortTo(const std::string& origin) const;
  browser::Browser& browser() { return browser_; }
  // The scenario's receiver, or nullptr when it has none.
  WebhookReceiver* receiver() { return receiver_.get(); }
  WebhookReceiver& StartReceiver();

  // The admin token header, when the target has one.
  Params SandboxHeaders() const;
  // A /_sandbox request to the emulator (JSON body unless null), with the admin token.
  Response Sandbox(const std::string& method, const std::string& path, const nlohmann::json& body);
  // A 200 token answer's access_token and refresh_token become ${access_token} and ${refresh_token}.
  void StoreTokens(const Response& response);
  // New ports to target().base_url (after the emulator restarted on another port).
  void Reconnect();

 private:
  Target& target_;
  nlohmann::json vars_;
  std::unique_ptr<HttpPort> emulator_;
  std::unique_ptr<OAuthAdapter> oauth_;
  std::unique_ptr<ApiAdapter> api_;
  browser::Browser browser_;  // one for all app steps: cookies persist
  std::unique_ptr<WebhookReceiver> receiver_;
};

// ---- a step's parameters ----
// `params[key]` as text (a non-string value as JSON), or `fallback` when absent or null.
std::string Str(const nlohmann::json& params, const char* key, const std::string& fallback = "");
// A mapping of header names to values (non-strings as JSON); empty when not a mapping.
Params HeadersOf(const nlohmann::json& object);
// The answer of a step that sends nothing: status 200.
Response Ok();

}  // namespace revento::client::scenarios
