// `revento connect`: the quickstart's /connect and /callback in one command.
//
// Generates a PKCE pair, sends the user-agent's GET /oauth/authorize with the
// quickstart's parameters (without following the redirect), requires a 302
// back to the redirect URI carrying a code and the same state (an emulator
// started with --auto-consent answers so; the consent page or an error is a
// failure naming what came back), exchanges the code at /oauth/token, then
// refreshes --refresh times with rotation, and prints the last token
// response JSON on stdout. Exit 0 on success, 1 on any failure (the reason
// on stderr).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace revento::client::cli {

struct ConnectOptions {
  std::string auth_base = "http://localhost:8787";
  std::string client_id = "rev_client_quickstart";
  std::string client_secret = "rev_secret_sandbox_quickstart";
  std::string redirect_uri = "http://localhost:3000/callback";
  std::string event_id = "evt_abc123";
  std::string scope = "event.read participants.read";
  int refreshes = 0;
};

void AddConnectCommand(CLI::App& app, ConnectOptions& options, int& exit_code);
int RunConnect(const ConnectOptions& options);

}  // namespace revento::client::cli
