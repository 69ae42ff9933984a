// `revento check connect --app URL [--connect-path /connect] [--refresh-path P]`:
// drives the app's OAuth connect flow through the emulator (--emulator) as a
// browser would, twice, and grades what the app did from the emulator's
// request journal (the checks of client/check/connect_checks.h). Prints every
// check with what was sent and what came back and, on failure, the likely
// bug, the rule and its fix in Node, Python and Go (--lang picks one); the
// last line is exactly "N passed, M failed", then ", 3 skipped (pass
// --refresh-path PATH, ...)" without --refresh-path. --junit
// FILE also writes JUnit XML; --json prints one JSON object instead.
// Exit 0 when every check passes, 1 on any failure (or an emulator that
// cannot be read), 2 on usage.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "client/check/connect_checks.h"
#include "client/cli/common.h"

namespace revento::client::cli {

struct CheckConnectOptions {
  std::string app;
  std::string connect_path = "/connect";
  std::string refresh_path;  // empty: no refresh checks
  std::string admin_token;
  std::string junit_file;
  bool json = false;
  std::string lang;  // "node", "python", "go"; empty: all three
};

void AddCheckConnectCommand(CLI::App& check, const GlobalOptions& global, CheckConnectOptions& options, int& exit_code);
int RunCheckConnect(const GlobalOptions& global, const CheckConnectOptions& options);

// The checker's configuration from the options, or a usage message.
Result<check::CheckConnectConfig> ConnectConfigOf(const GlobalOptions& global, const CheckConnectOptions& options);

// Adds --app, --connect-path, --refresh-path, --lang and --admin-token to `command`.
void AddConnectOptions(CLI::App& command, CheckConnectOptions& options);

}  // namespace revento::client::cli
