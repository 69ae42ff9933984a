#include "client/cli/check_command.h"

#include <cmath>
#include <fstream>
#include <iostream>

#include "client/check/check_report.h"
#include "client/check/webhook_checks.h"

namespace revento::client::cli {

CLI::App* AddCheckCommand(CLI::App& app, CheckWebhooksOptions& options, int& exit_code) {
  auto* check = app.add_subcommand("check", "Grade an integration against the contract");
  check->require_subcommand(1);
  check->footer(
      "Examples:\n"
      "  revento check webhooks --to http://localhost:3000/webhooks/revento --secret whsec_sandbox_quickstart\n"
      "  revento check connect --app http://localhost:3000\n"
      "docs/check.md explains each check and its fix.");
  auto* webhooks =
      check->add_subcommand("webhooks", "Send a series of deliveries to your receiver and grade each answer");
  webhooks->footer(
      "Example:\n  revento check webhooks --to http://localhost:3000/webhooks/revento --secret "
      "whsec_sandbox_quickstart "
      "--junit check.xml\n\n"
      "Checks: 1 valid delivery (2xx); 2 wrong signature, other secret (4xx); 3 no, empty, unprefixed, uppercase\n"
      "signature (4xx); 4 timestamp 301 s old or ahead (4xx); 5 body changed or re-spaced after signing (4xx);\n"
      "6 non-ASCII body with unusual spacing (2xx); 7 the same delivery id twice (2xx both); 8 response time.\n"
      "A failed check prints the rule and its fix in Node, Python and Go (--lang picks one).\n"
      "docs/check.md explains each check and its fix.");
  webhooks->add_option("--to", options.to, "Your receiver's URL")->required();
  webhooks->add_option("--secret", options.secret, "Your integration's webhook signing secret")->required();
  webhooks->add_option("--junit", options.junit_file, "Also write the results as JUnit XML to this file");
  webhooks->add_flag("--json", options.json, "Print one JSON object instead of the text report");
  AddLangOption(*webhooks, options.lang);
  webhooks->add_option("--timeout", options.timeout_seconds, "Seconds an attempt may take (the contract: 10)")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 300.0));
  webhooks->callback([&options, &exit_code] { exit_code = RunCheckWebhooks(options); });
  return check;
}

int RunCheckWebhooks(const CheckWebhooksOptions& options) {
  if (auto valid = webhooks::ValidateReceiverUrl(options.to); !valid) {
    std::cerr << "revento check webhooks: --to: " << valid.error().message << "\n";
    return 2;
  }
  if (options.secret.empty()) {
    std::cerr << "revento check webhooks: --secret is empty: pass your integration's webhook secret (whsec_...)\n";
    return 2;
  }
  check::CheckWebhooksConfig config{options.to, options.secret,
                                    std::chrono::milliseconds(std::llround(options.timeout_seconds * 1000))};
  auto results = check::WebhookChecker(config).Run();
  return EmitCheckReport("revento check webhooks", options.to, std::move(results), options.json, options.junit_file,
                         options.lang);
}

void AddLangOption(CLI::App& command, std::string& lang) {
  command.add_option("--lang", lang, "The language of the fixes' code: node, python or go (default: all three)")
      ->check(CLI::IsMember({"node", "python", "go"}));
}

int EmitCheckReport(const std::string& command, const std::string& target, std::vector<check::CheckResult> results,
                    bool json, const std::string& junit_file, const std::string& lang) {
  check::KeepLanguage(results, lang);
  if (json) {
    std::cout
        << check::RenderJson(command, target, results).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    std::cout << check::RenderText(command, target, results);
  }
  if (!junit_file.empty()) {
    std::ofstream out(junit_file, std::ios::binary | std::ios::trunc);
    out << check::RenderJunit(command, target, results);
    if (!out.flush()) {
      std::cerr << command << ": cannot write --junit " << junit_file
                << "; check the directory exists and is writable\n";
      return 1;
    }
  }
  return check::Count(results).failed == 0 ? 0 : 1;
}

}  // namespace revento::client::cli
