// `revento webhooks send`: sends one signed webhook to a receiver, exactly as
// Revento would (body envelope, X-Revento-* headers, HMAC-SHA256 signature
// over the raw body with the current real time), and prints the receiver's
// answer as JSON. For testing your webhook endpoint without the emulator.
// Exit codes: 0 on a 2xx, 1 on another status or a transport failure, 2 on
// bad arguments.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace revento::client::cli {

struct WebhooksSendOptions {
  std::string url;
  std::string secret;
  std::string type = "event.updated";
  std::string data = "{}";  // JSON object: the body's `data`
  std::string event_id = "evt_abc123";
  std::string organization_id = "org_xyz789";
  std::string delivery_id;  // empty: a fresh dlv_cli_... id
  int timeout_seconds = 10;
};

void AddWebhooksCommand(CLI::App& app, WebhooksSendOptions& options, int& exit_code);
int RunWebhooksSend(const WebhooksSendOptions& options, int64_t now_unix);

}  // namespace revento::client::cli
