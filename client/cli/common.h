// What every `revento` subcommand shares: the global options (--emulator),
// how a command reports a failure (one line on stderr, "revento CMD: what
// happened: what to do"), exit codes, and where tokens are kept.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "client/status.h"

namespace revento::client::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // a request or a check failed
inline constexpr int kExitUsage = 2;   // the command line is wrong

struct GlobalOptions {
  // --emulator: $REVENTO_EMULATOR, else http://localhost:8787. AUTH_BASE is
  // this URL and API_BASE is this URL + "/api/v1".
  std::string emulator;
};

void AddGlobalOptions(CLI::App& app, GlobalOptions& global);

// --admin-token T (default $REVENTO_ADMIN_TOKEN) on a command that calls
// /_sandbox: sent as X-Revento-Admin-Token, which an emulator started with
// --admin-token requires.
void AddAdminTokenOption(CLI::App& command, std::string& admin_token);

// The emulator URL without a trailing slash, or a usage Error naming the flag.
Result<std::string> EmulatorBase(const GlobalOptions& global);

// --token-file if given, else DefaultTokenFilePath() ($REVENTO_TOKEN_FILE or
// ~/.config/revento/tokens.json).
std::string TokenFileOf(const std::string& token_file_option);

// Prints "revento <command>: <message>" on stderr (one line) and returns `exit_code`.
int Report(const std::string& command, const std::string& message, int exit_code = kExitFailed);

// kExitUsage for errors the caller's input caused (kInvalidArgument), else kExitFailed.
int ExitCodeFor(const Error& error);

}  // namespace revento::client::cli
