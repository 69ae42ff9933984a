#include "client/cli/webhooks_command.h"

#include <openssl/rand.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/webhooks/signed_sender.h"

namespace revento::client::cli {

namespace {

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) return "0";
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::string IsoUtc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void AddWebhooksCommand(CLI::App& app, WebhooksSendOptions& options, int& exit_code) {
  auto* webhooks = app.add_subcommand("webhooks", "Webhook tools for integrations");
  webhooks->require_subcommand(1);
  auto* send = webhooks->add_subcommand("send", "Send one signed webhook to a receiver, as Revento would");
  send->add_option("--url", options.url, "The receiver's webhook URL")->required();
  send->add_option("--secret", options.secret, "The webhook signing secret (whsec_...)")->required();
  send->add_option("--type", options.type, "X-Revento-Event and the body's type")->capture_default_str();
  send->add_option("--data", options.data, "The body's data, a JSON object")->capture_default_str();
  send->add_option("--event-id", options.event_id, "The body's event_id")->capture_default_str();
  send->add_option("--organization-id", options.organization_id, "The body's organization_id")->capture_default_str();
  send->add_option("--delivery-id", options.delivery_id, "X-Revento-Delivery-Id (default: a fresh id)");
  send->add_option("--timeout", options.timeout_seconds, "Seconds to wait for the receiver")->capture_default_str();
  send->callback([&options, &exit_code] {
    auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    exit_code = RunWebhooksSend(options, now);
  });
}

int RunWebhooksSend(const WebhooksSendOptions& options, int64_t now_unix) {
  nlohmann::json data = nlohmann::json::parse(options.data, nullptr, false);
  if (data.is_discarded() || !data.is_object()) {
    std::cerr << "revento webhooks send: --data must be a JSON object\n";
    return 2;
  }
  // The envelope in the contract's key order, built as text so the order holds.
  std::string body = "{\"id\":" + nlohmann::json("whe_cli_" + RandomHex(8)).dump() +
                     ",\"type\":" + nlohmann::json(options.type).dump() +
                     ",\"created_at\":" + nlohmann::json(IsoUtc(now_unix)).dump() +
                     ",\"event_id\":" + nlohmann::json(options.event_id).dump() +
                     ",\"organization_id\":" + nlohmann::json(options.organization_id).dump() +
                     ",\"data\":" + data.dump() + "}";
  webhooks::SignedWebhook webhook{options.url,
                                  options.secret,
                                  options.type,
                                  options.delivery_id.empty() ? "dlv_cli_" + RandomHex(8) : options.delivery_id,
                                  body,
                                  now_unix,
                                  options.timeout_seconds};
  auto outcome = webhooks::SendSignedWebhook(webhook);
  if (!outcome) {
    std::cerr << "revento webhooks send: " << outcome.error().message << "\n";
    return 1;
  }
  std::cout << nlohmann::json{{"status", outcome->status},
                              {"delivery_id", webhook.delivery_id},
                              {"response", outcome->body.substr(0, 1024)}}
                   .dump()
            << "\n";
  return outcome->status >= 200 && outcome->status < 300 ? 0 : 1;
}

}  // namespace revento::client::cli
