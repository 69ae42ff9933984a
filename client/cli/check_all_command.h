// `revento check all --app URL --secret S [--to URL]`: runs `check connect`
// (check_connect_command.h) and then `check webhooks` (check_command.h)
// against the same app and prints one combined report (connect checks c*/r*,
// then webhook checks 1-8), last line "N passed, M failed" (and ", K skipped
// (reason)" when some could not run: r1-r3 without --refresh-path). The webhook
// receiver is --to, or else the webhook URL of the integration the app
// connected with (GET /_sandbox/integrations, by the client_id it sent).
// Exit 0 when every check passes, 1 on any failure, 2 on usage (including
// no --to and no webhook URL on the integration).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "client/cli/check_connect_command.h"
#include "client/cli/common.h"

namespace revento::client::cli {

struct CheckAllOptions {
  CheckConnectOptions connect;
  std::string to;  // empty: the integration's webhook URL
  std::string secret;
  double timeout_seconds = 10;
};

void AddCheckAllCommand(CLI::App& check, const GlobalOptions& global, CheckAllOptions& options, int& exit_code);
int RunCheckAll(const GlobalOptions& global, const CheckAllOptions& options);

}  // namespace revento::client::cli
