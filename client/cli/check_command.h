// `revento check`: the parent of `check webhooks`, `check connect`
// (check_connect_command.h) and `check all` (check_all_command.h), and the
// report they share (EmitCheckReport).
//
// `revento check webhooks --to URL --secret S`: grades an integration's
// webhook receiver, in any language, against the contract (the checks of
// client/check/webhook_checks.h), prints every check with what was sent and
// what came back and, on failure, the likely bug and its fix; the last line
// is exactly "N passed, M failed". --lang node|python|go keeps one
// language's code in each fix (default: Node, Python and Go). --junit FILE also writes JUnit XML;
// --json prints one JSON object instead of the text.
// Exit 0 when every check passes, 1 on any failure (or when the JUnit file
// cannot be written), 2 on usage.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "client/check/check_result.h"

namespace revento::client::cli {

struct CheckWebhooksOptions {
  std::string to;
  std::string secret;
  std::string junit_file;
  bool json = false;
  std::string lang;  // "node", "python", "go"; empty: all three
  double timeout_seconds = 10;
};

// Adds --lang (node, python, go: the language of the fixes' code; default all three) to `command`.
void AddLangOption(CLI::App& command, std::string& lang);

// Adds `check` and `check webhooks`; answers `check`, for the other subcommands.
CLI::App* AddCheckCommand(CLI::App& app, CheckWebhooksOptions& options, int& exit_code);
int RunCheckWebhooks(const CheckWebhooksOptions& options);

// Prints the report (text, or JSON with `json`) with the fixes' code in
// `lang` only (empty: every language), writes `junit_file` when given, and answers the exit code: 0 when every check passed, 1 on any
// failure or when the JUnit file cannot be written. `command` names the
// command in error lines ("revento check connect").
int EmitCheckReport(const std::string& command, const std::string& target, std::vector<check::CheckResult> results,
                    bool json, const std::string& junit_file, const std::string& lang);

}  // namespace revento::client::cli
