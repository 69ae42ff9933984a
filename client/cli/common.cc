#include "client/cli/common.h"

#include <cstdlib>
#include <iostream>

#include "client/http/transport.h"
#include "client/tokens/token_store.h"

namespace revento::client::cli {

void AddGlobalOptions(CLI::App& app, GlobalOptions& global) {
  const char* env = std::getenv("REVENTO_EMULATOR");
  global.emulator = env && *env ? env : "http://localhost:8787";
  app.add_option("--emulator", global.emulator,
                 "The emulator's base URL (AUTH_BASE; API_BASE is this + /api/v1); default $REVENTO_EMULATOR or "
                 "http://localhost:8787")
      ->capture_default_str();
}

void AddAdminTokenOption(CLI::App& command, std::string& admin_token) {
  command
      .add_option("--admin-token", admin_token,
                  "X-Revento-Admin-Token for /_sandbox, for an emulator started with --admin-token; default "
                  "$REVENTO_ADMIN_TOKEN")
      ->envname("REVENTO_ADMIN_TOKEN");
}

Result<std::string> EmulatorBase(const GlobalOptions& global) {
  auto url = http::ParseUrl(global.emulator);
  if (!url) {
    return Fail(kInvalidArgument, "--emulator " + url.error().message);
  }
  std::string base = global.emulator;
  while (base.ends_with('/')) base.pop_back();
  return base;
}

std::string TokenFileOf(const std::string& token_file_option) {
  return token_file_option.empty() ? DefaultTokenFilePath() : token_file_option;
}

int Report(const std::string& command, const std::string& message, int exit_code) {
  std::string line = message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::cerr << "revento " << command << ": " << line << "\n";
  return exit_code;
}

int ExitCodeFor(const Error& error) { return error.code == kInvalidArgument ? kExitUsage : kExitFailed; }

}  // namespace revento::client::cli
