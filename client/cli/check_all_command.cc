#include "client/cli/check_all_command.h"

#include <cmath>
#include <iostream>

#include "client/check/webhook_checks.h"
#include "client/cli/check_command.h"
#include "client/webhooks/delivery_transport.h"

namespace revento::client::cli {

void AddCheckAllCommand(CLI::App& check, const GlobalOptions& global, CheckAllOptions& options, int& exit_code) {
  auto* all = check.add_subcommand("all", "Run check connect and check webhooks against one app: one report");
  all->footer(
      "Example:\n  revento check all --app http://localhost:3000 --refresh-path /participants --secret "
      "whsec_sandbox_quickstart --emulator http://localhost:8787\n\n"
      "Without --refresh-path the refresh checks r1-r3 are skipped, and the summary says so.\n"
      "The webhook receiver is --to, else the webhook URL of the integration the app connected with.\n"
      "docs/check.md explains each check and its fix.");
  AddConnectOptions(*all, options.connect);
  all->add_option("--secret", options.secret, "Your integration's webhook signing secret")->required();
  all->add_option("--to", options.to, "Your webhook receiver's URL (default: the integration's webhook URL)");
  all->add_option("--junit", options.connect.junit_file, "Also write the results as JUnit XML to this file");
  all->add_flag("--json", options.connect.json, "Print one JSON object instead of the text report");
  all->add_option("--timeout", options.timeout_seconds, "Seconds a webhook attempt may take (the contract: 10)")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 300.0));
  all->callback([&global, &options, &exit_code] { exit_code = RunCheckAll(global, options); });
}

int RunCheckAll(const GlobalOptions& global, const CheckAllOptions& options) {
  auto config = ConnectConfigOf(global, options.connect);
  if (!config) return Report("check all", config.error().message, kExitUsage);
  if (options.secret.empty()) {
    return Report("check all", "--secret is empty: pass your integration's webhook secret (whsec_...)", kExitUsage);
  }
  if (!options.to.empty()) {
    if (auto valid = webhooks::ValidateReceiverUrl(options.to); !valid) {
      return Report("check all", "--to: " + valid.error().message, kExitUsage);
    }
  }
  check::ConnectChecker connect(*config);
  auto results = connect.Run();
  if (!results) return Report("check all", results.error().message, kExitFailed);
  std::string to = options.to;
  if (to.empty()) {
    const auto& integration = connect.findings().integration;
    if (integration.is_object() && integration["webhook_url"].is_string()) to = integration["webhook_url"];
  }
  if (to.empty()) {
    return Report("check all",
                  "--to is required: the integration the app connected with (client_id \"" +
                      connect.findings().client_id + "\") has no webhook URL",
                  kExitUsage);
  }
  if (auto valid = webhooks::ValidateReceiverUrl(to); !valid) {
    return Report("check all", "the integration's webhook URL: " + valid.error().message + " (pass --to)", kExitUsage);
  }
  check::CheckWebhooksConfig webhooks_config{to, options.secret,
                                             std::chrono::milliseconds(std::llround(options.timeout_seconds * 1000))};
  auto webhook_results = check::WebhookChecker(webhooks_config).Run();
  results->insert(results->end(), webhook_results.begin(), webhook_results.end());
  return EmitCheckReport("revento check all", config->app + config->connect_path + " and " + to, std::move(*results),
                         options.connect.json, options.connect.junit_file, options.connect.lang);
}

}  // namespace revento::client::cli
