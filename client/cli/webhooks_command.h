// `revento webhooks send` and `revento webhooks verify`.
//
// send: builds one delivery of a catalog type as Revento would (the type's
// payload template as `data`, --data/--set merged in as a JSON merge patch,
// the contract's envelope, X-Revento-* headers, HMAC-SHA256 signature over
// the raw body with the current time), optionally broken in one way
// (--variant), posts it to --url and prints the receiver's answer as JSON.
// Exit 0 on a 2xx, 1 on another status or a transport failure, 2 on bad
// arguments.
//
// verify: checks a captured delivery (headers file and exact body bytes)
// against a webhook secret by the contract's rules and says why it fails.
// Exit 0 when it verifies, 1 when it does not, 2 on bad arguments.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace revento::client::cli {

struct WebhooksSendOptions {
  std::string url;
  std::string secret;
  std::string type = "event.updated";
  std::string data;               // JSON object or @file: merge patch on the template's data
  std::vector<std::string> sets;  // path=value
  std::string event_id = "evt_abc123";
  std::string organization_id = "org_xyz789";
  std::string delivery_id;  // empty: a fresh dlv_... id
  std::string variant = "valid";
  int timeout_seconds = 10;
  std::string save_dir;  // when set: DIR/headers.txt and DIR/body.json, as sent
  bool json = false;     // the outcome as one JSON object instead of a line
};

struct WebhooksVerifyOptions {
  std::string secret;
  std::string headers_file;  // "Name: value" lines (curl -D style) or a JSON object
  std::string body_file;     // the exact body bytes
  int64_t tolerance_seconds = 300;
  bool json = false;
};

void AddWebhooksCommand(CLI::App& app, WebhooksSendOptions& send, WebhooksVerifyOptions& verify, int& exit_code);
int RunWebhooksSend(const WebhooksSendOptions& options);
int RunWebhooksVerify(const WebhooksVerifyOptions& options);

}  // namespace revento::client::cli
