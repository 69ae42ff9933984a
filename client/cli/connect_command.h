// `revento connect`: the quickstart's /connect and /callback, done by the book.
//
// Builds an AuthorizationRequest (PKCE S256, 256-bit state) and sends the
// user-agent's GET /oauth/authorize. An emulator started with --auto-consent
// answers with a 302 to the redirect URI at once: the command reads the code
// from it. Otherwise it prints the consent URL on stderr, listens on the
// redirect URI's loopback host and port for the browser to come back (like
// `gh auth login`), and answers the browser with a page saying what happened.
// A callback with another state is refused and the wait goes on. Then it
// exchanges the code (TokenClient), refreshes --refresh times with rotation,
// and stores the tokens in the token file (FileTokenStore).
//
// Output: one line saying what was connected and where the tokens are; with
// --json the last token response as received (it holds the tokens: for
// scripts). Exit 0 connected, 1 refused or failed (one line on stderr saying
// what to do), 2 bad flags.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "client/cli/common.h"

namespace revento::client::cli {

// Defaults: the default sandbox's "Quickstart App" integration (fixtures/default.json).
struct ConnectOptions {
  std::string auth_base;  // empty: --emulator
  std::string client_id = "rev_client_quickstart";
  std::string client_secret = "rev_secret_sandbox_quickstart";
  std::string redirect_uri = "http://localhost:3000/callback";
  std::string event_id = "evt_abc123";
  std::string scope = "event.read participants.read";
  std::string token_file;  // empty: $REVENTO_TOKEN_FILE or ~/.config/revento/tokens.json
  bool basic_auth = false;
  int refreshes = 0;
  int timeout_seconds = 300;  // how long to wait for the browser
  bool json = false;
};

void AddConnectCommand(CLI::App& app, const GlobalOptions& global, ConnectOptions& options, int& exit_code);
int RunConnect(const GlobalOptions& global, const ConnectOptions& options);

}  // namespace revento::client::cli
