// revento: the reference client's CLI. main only wires the subcommands; each
// lives in its own file as an options struct and a run function.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "client/cli/check_command.h"
#include "client/cli/connect_command.h"
#include "client/cli/deliveries_command.h"
#include "client/cli/pkce_command.h"
#include "client/cli/trigger_command.h"
#include "client/cli/webhooks_command.h"

int main(int argc, char** argv) {
  using namespace revento::client::cli;
  CLI::App app{"revento: the Revento reference client (OAuth with PKCE, Read API, webhooks)", "revento"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "revento 0.1.0");
  int exit_code = 0;
  const char* emulator_env = std::getenv("REVENTO_EMULATOR");
  std::string emulator_url = emulator_env && *emulator_env ? emulator_env : "http://localhost:8787";
  app.add_option("--emulator", emulator_url,
                 "The emulator's base URL (default: $REVENTO_EMULATOR or http://localhost:8787)");
  app.fallthrough();
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "revento: " + std::string(e.what()) + ": see revento COMMAND --help for usage and an example\n";
  });
  PkceOptions pkce;
  AddPkceCommand(app, pkce, exit_code);
  ConnectOptions connect;
  AddConnectCommand(app, connect, exit_code);
  WebhooksSendOptions webhooks_send;
  WebhooksVerifyOptions webhooks_verify;
  AddWebhooksCommand(app, webhooks_send, webhooks_verify, exit_code);
  TriggerOptions trigger;
  AddTriggerCommand(app, trigger, emulator_url, exit_code);
  DeliveriesTailOptions deliveries_tail;
  AddDeliveriesCommand(app, deliveries_tail, emulator_url, exit_code);
  CheckWebhooksOptions check_webhooks;
  AddCheckCommand(app, check_webhooks, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
