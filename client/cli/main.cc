// revento: the reference client's CLI. main only wires the subcommands; each
// lives in its own file as an options struct and a run function.
#include <CLI/CLI.hpp>
#include <iostream>

#include "client/cli/connect_command.h"
#include "client/cli/pkce_command.h"
#include "client/cli/scenarios_command.h"
#include "client/cli/webhooks_command.h"

int main(int argc, char** argv) {
  using namespace revento::client::cli;
  CLI::App app{"revento: the Revento reference client (OAuth with PKCE, Read API, webhooks)", "revento"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "revento 0.1.0");
  int exit_code = 0;
  PkceOptions pkce;
  AddPkceCommand(app, pkce, exit_code);
  ConnectOptions connect;
  AddConnectCommand(app, connect, exit_code);
  WebhooksSendOptions webhooks_send;
  AddWebhooksCommand(app, webhooks_send, exit_code);
  ScenariosOptions scenarios;
  AddScenariosCommand(app, scenarios, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
