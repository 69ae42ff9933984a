#include "client/cli/webhooks_command.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "client/cli/common.h"
#include "client/input_file.h"
#include "client/webhooks/delivery_transport.h"
#include "client/webhooks/overrides.h"
#include "client/webhooks/signature_verifier.h"
#include "client/webhooks/webhook_sender.h"

namespace revento::client::cli {

namespace {

std::string VariantList() {
  std::string list;
  for (auto v : webhooks::AllVariants()) list += (list.empty() ? "" : ", ") + std::string(webhooks::VariantName(v));
  return list;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  size_t end = text.find_last_not_of(" \t\r\n");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

constexpr const char* kEmptySecret = "--secret is empty: pass your integration's webhook secret (whsec_...)";

// A captured delivery: headers and body files are at most this large.
constexpr uintmax_t kMaxCapturedFileBytes = 16 << 20;

// Lower-cased header names to values, from "Name: value" lines (a request or
// status line is skipped) or from a JSON object.
std::map<std::string, std::string> ParseHeaders(const std::string& text) {
  std::map<std::string, std::string> headers;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_discarded() && json.is_object()) {
    for (const auto& [name, value] : json.items()) {
      if (value.is_string()) headers[Lower(name)] = value.get<std::string>();
    }
    return headers;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0 || line.find(' ') < colon) continue;
    headers[Lower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
  }
  return headers;
}

}  // namespace

void AddWebhooksCommand(CLI::App& app, WebhooksSendOptions& send_options, WebhooksVerifyOptions& verify_options,
                        int& exit_code) {
  auto* webhooks = app.add_subcommand("webhooks", "Webhook tools for integrations: send and verify deliveries");
  webhooks->require_subcommand(1);
  webhooks->footer(
      "Examples:\n"
      "  revento webhooks send --url http://localhost:3000/webhooks/revento --secret whsec_sandbox_quickstart "
      "--save captured\n"
      "  revento webhooks verify --secret whsec_sandbox_quickstart --headers captured/headers.txt "
      "--body captured/body.json");
  auto* send = webhooks->add_subcommand("send", "Send one signed webhook to a receiver, as Revento would");
  send->footer(
      "Example:\n  revento webhooks send --url http://localhost:3000/webhooks/revento --secret "
      "whsec_sandbox_quickstart "
      "\\\n    --type participant.registered --set first_name=Zoë --variant stale-timestamp\n\nVariants: " +
      VariantList());
  send->add_option("--url", send_options.url, "The receiver's webhook URL")->required();
  send->add_option("--secret", send_options.secret, "The webhook signing secret (whsec_...)")->required();
  send->add_option("--type", send_options.type, "The catalog type (X-Revento-Event and the body's type)")
      ->capture_default_str();
  send->add_option("--data", send_options.data, "A JSON object or @file merged into the template's data");
  send->add_option("--set", send_options.sets, "path=value merged into data (repeatable), e.g. applicant.name=Ada");
  send->add_option("--event-id", send_options.event_id, "The body's event_id")->capture_default_str();
  send->add_option("--organization-id", send_options.organization_id, "The body's organization_id")
      ->capture_default_str();
  send->add_option("--delivery-id", send_options.delivery_id, "X-Revento-Delivery-Id (default: a fresh id)");
  send->add_option("--variant", send_options.variant, "Break one rule to test a receiver (see below)")
      ->capture_default_str();
  send->add_option("--timeout", send_options.timeout_seconds, "Seconds to wait for the receiver")
      ->capture_default_str()
      ->check(CLI::Range(1, 300));
  send->add_option("--save", send_options.save_dir,
                   "Also write the delivery as sent to DIR/headers.txt and DIR/body.json");
  send->add_flag("--json", send_options.json,
                 "Print {status, delivery_id, variant, duration_ms, response} as one JSON object");
  send->callback([&send_options, &exit_code] { exit_code = RunWebhooksSend(send_options); });

  auto* verify =
      webhooks->add_subcommand("verify", "Check a captured delivery's signature and timestamp, and say why it fails");
  verify->footer(
      "Example:\n  revento webhooks verify --secret whsec_sandbox_quickstart --headers headers.txt --body body.json\n\n"
      "--headers holds \"Name: value\" lines (as curl -D or a request dump writes them) or a JSON object;\n"
      "--body holds the exact bytes received. The timestamp is checked against this machine's clock.");
  verify->add_option("--secret", verify_options.secret, "The webhook signing secret (whsec_...)")->required();
  verify->add_option("--headers", verify_options.headers_file, "File with the delivery's headers")->required();
  verify->add_option("--body", verify_options.body_file, "File with the delivery's raw body")->required();
  verify->add_option("--tolerance", verify_options.tolerance_seconds, "Seconds the timestamp may differ from now")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400 * 365));
  verify->add_flag("--json", verify_options.json, "Print the result as one JSON object");
  verify->callback([&verify_options, &exit_code] { exit_code = RunWebhooksVerify(verify_options); });
}

int RunWebhooksSend(const WebhooksSendOptions& options) {
  auto usage = [](const std::string& message) {
    std::cerr << "revento webhooks send: " << message << "\n";
    return 2;
  };
  if (auto valid = webhooks::ValidateReceiverUrl(options.url); !valid) return usage("--url: " + valid.error().message);
  if (options.secret.empty()) return usage(kEmptySecret);
  if (!webhooks::IsCatalogType(options.type)) return usage("--type: " + webhooks::UnknownTypeMessage(options.type));
  auto variant = webhooks::ParseVariant(options.variant);
  if (!variant) return usage("--variant \"" + options.variant + "\" is unknown: use one of " + VariantList());
  auto overrides = webhooks::BuildOverrides(options.data, options.sets);
  if (!overrides) return usage(overrides.error().message);
  webhooks::DeliverySpec spec;
  spec.type = options.type;
  spec.secret = options.secret;
  spec.event_id = options.event_id;
  spec.organization_id = options.organization_id;
  spec.overrides = *overrides;
  spec.delivery_id = options.delivery_id;
  spec.variant = *variant;
  auto delivery = webhooks::WebhookSender().Build(spec);
  if (!delivery) return usage(delivery.error().message);
  if (!options.save_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.save_dir, ec);
    std::ofstream headers(std::filesystem::path(options.save_dir) / "headers.txt", std::ios::binary | std::ios::trunc);
    for (const auto& [name, value] : delivery->headers) headers << name << ": " << value << "\n";
    std::ofstream body(std::filesystem::path(options.save_dir) / "body.json", std::ios::binary | std::ios::trunc);
    body << delivery->body;
    if (!headers.flush() || !body.flush()) {
      std::cerr << "revento webhooks send: cannot write to --save " << options.save_dir
                << "; pass a writable directory\n";
      return 1;
    }
  }
  auto outcome = webhooks::HttpDeliveryTransport(options.url, *delivery, std::chrono::seconds(options.timeout_seconds));
  if (!outcome.status) {
    std::cerr << "revento webhooks send: " << outcome.error << "; is the receiver running at " << options.url << "?\n";
    return 1;
  }
  if (options.json) {
    std::cout << nlohmann::json{{"status", *outcome.status},
                                {"delivery_id", delivery->delivery_id},
                                {"variant", webhooks::VariantName(*variant)},
                                {"duration_ms", static_cast<int64_t>(outcome.duration_ms)},
                                {"response", outcome.body}}
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    std::string response = outcome.body.substr(0, 200) + (outcome.body.size() > 200 ? "..." : "");
    for (char& c : response) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::cout << "[" << *outcome.status << "] " << options.url << "  " << delivery->delivery_id << "  "
              << webhooks::VariantName(*variant) << "  " << static_cast<int64_t>(outcome.duration_ms) << " ms"
              << (response.empty() ? "" : "  " + response) << "\n";
  }
  return *outcome.status >= 200 && *outcome.status < 300 ? 0 : 1;
}

int RunWebhooksVerify(const WebhooksVerifyOptions& options) {
  if (options.secret.empty()) return Report("webhooks verify", kEmptySecret, kExitUsage);
  auto headers_text = ReadInputFile(options.headers_file, kMaxCapturedFileBytes);
  if (!headers_text) {
    std::cerr << "revento webhooks verify: --headers " << headers_text.error().message << "\n";
    return 2;
  }
  auto body_read = ReadInputFile(options.body_file, kMaxCapturedFileBytes);
  if (!body_read) {
    std::cerr << "revento webhooks verify: --body " << body_read.error().message << "\n";
    return 2;
  }
  const std::string& body = *body_read;
  auto headers = ParseHeaders(*headers_text);
  auto header = [&headers](const std::string& name) -> std::optional<std::string_view> {
    auto it = headers.find(name);
    if (it == headers.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  webhooks::WebhookVerifier verifier(options.secret, webhooks::SystemUnixSeconds, options.tolerance_seconds);
  auto verified = verifier.Verify(header("x-revento-timestamp"), header("x-revento-signature"), body);
  std::string delivery_id = headers.contains("x-revento-delivery-id") ? headers["x-revento-delivery-id"] : "";
  if (options.json) {
    nlohmann::json out = {{"valid", verified.has_value()}, {"delivery_id", delivery_id}};
    if (!verified) {
      out["reason"] = webhooks::RefusalName(verified.error().reason);
      out["message"] = verified.error().message;
    }
    std::cout << out.dump() << "\n";
  } else if (verified) {
    std::cout << "valid: the signature matches and the timestamp is within " << options.tolerance_seconds << " s\n";
  } else {
    std::cout << "invalid (" << webhooks::RefusalName(verified.error().reason) << "): " << verified.error().message
              << "\n";
  }
  return verified ? 0 : 1;
}

}  // namespace revento::client::cli
