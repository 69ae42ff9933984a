// `revento check webhooks --to URL --secret S`: grades an integration's
// webhook receiver, in any language, against the contract (the checks of
// client/check/webhook_checks.h), prints every check with what was sent and
// what came back and, on failure, the likely bug and its fix; the last line
// is exactly "N passed, M failed". --junit FILE also writes JUnit XML;
// --json prints one JSON object instead of the text.
// Exit 0 when every check passes, 1 on any failure (or when the JUnit file
// cannot be written), 2 on usage.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace revento::client::cli {

struct CheckWebhooksOptions {
  std::string to;
  std::string secret;
  std::string junit_file;
  bool json = false;
  double timeout_seconds = 10;
};

void AddCheckCommand(CLI::App& app, CheckWebhooksOptions& options, int& exit_code);
int RunCheckWebhooks(const CheckWebhooksOptions& options);

}  // namespace revento::client::cli
