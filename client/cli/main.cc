// revento: the reference client's CLI. main only wires the subcommands; each
// lives in its own file as an options struct and a run function, and gets
// the global options (--emulator) it needs.
#include <CLI/CLI.hpp>

#include "client/cli/api_command.h"
#include "client/cli/check_all_command.h"
#include "client/cli/check_command.h"
#include "client/cli/check_connect_command.h"
#include "client/cli/common.h"
#include "client/cli/connect_command.h"
#include "client/cli/deliveries_command.h"
#include "client/cli/pkce_command.h"
#include "client/cli/scenarios_command.h"
#include "client/cli/trigger_command.h"
#include "client/cli/webhooks_command.h"
#include "version/version.h"

namespace {

constexpr const char* kExitCodesLine = "Exit codes: 0 ok, 1 a request or check failed, 2 usage.";

// The deepest command parsed so far (the top-level app if none).
const CLI::App& DeepestCommand(const CLI::App& top) {
  const CLI::App* current = &top;
  while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
  return *current;
}

// "revento api get": the top-level app and the subcommands parsed so far.
std::string CommandPath(const CLI::App& top) {
  std::string path = top.get_name();
  for (const CLI::App* current = &top; !current->get_subcommands().empty();) {
    current = current->get_subcommands().front();
    path += " " + current->get_name();
  }
  return path;
}

// `revento foo`: CLI11 reports the missing subcommand; the user typed a
// command that does not exist, so say that. Empty when `e` is another error.
std::string UnknownCommand(const CLI::App& top, const CLI::Error& e) {
  const CLI::App& at = DeepestCommand(top);
  auto rest = at.remaining();
  if (rest.empty()) rest = top.remaining(true);
  if (e.get_name() != "RequiredError" || rest.empty() || rest.front().starts_with("-")) return "";
  return "unknown command \"" + rest.front() + "\"";
}

// The commands that talk to the emulator say where the global option goes,
// since a subcommand's --help lists only its own options.
void AppendGlobalEmulator(CLI::App& app) {
  const std::vector<std::vector<std::string>> commands = {
      {"connect"}, {"api", "get"}, {"trigger"}, {"deliveries", "tail"}, {"check", "connect"}, {"check", "all"}};
  for (const auto& path : commands) {
    CLI::App* command = &app;
    for (const auto& name : path) command = command->get_subcommand(name);
    command->footer(command->get_footer() +
                    "\nThe emulator: --emulator URL (before or after the command), else $REVENTO_EMULATOR, else "
                    "http://localhost:8787.");
  }
}

// Every command's footer (its own example) ends with the exit codes.
void AppendExitCodes(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    std::string footer = sub->get_footer();
    if (footer.find(kExitCodesLine) == std::string::npos) sub->footer(footer + "\n" + kExitCodesLine);
    AppendExitCodes(*sub);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace revento::client::cli;
  CLI::App app{"revento: the Revento reference client (OAuth with PKCE, Read API, webhooks)", "revento"};
  app.footer(std::string("Example:\n  revento connect && revento api get /events/evt_abc123\n") + kExitCodesLine);
  app.require_subcommand(1);
  app.fallthrough();
  app.failure_message([](const CLI::App* top, const CLI::Error& e) {
    std::string command = CommandPath(*top);
    std::string unknown = UnknownCommand(*top, e);
    if (!unknown.empty()) return command + ": " + unknown + ": run `" + command + " --help` for the commands\n";
    return command + ": " + std::string(e.what()) + ": run `" + command + " --help` for usage and an example\n";
  });
  app.set_version_flag("--version", std::string("revento ") + revento::kVersion);
  int exit_code = kExitOk;
  GlobalOptions global;
  AddGlobalOptions(app, global);

  PkceOptions pkce;
  AddPkceCommand(app, pkce, exit_code);
  ConnectOptions connect;
  AddConnectCommand(app, global, connect, exit_code);
  ApiGetOptions api_get;
  AddApiCommand(app, global, api_get, exit_code);
  WebhooksSendOptions webhooks_send;
  WebhooksVerifyOptions webhooks_verify;
  AddWebhooksCommand(app, webhooks_send, webhooks_verify, exit_code);
  TriggerOptions trigger;
  AddTriggerCommand(app, trigger, global.emulator, exit_code);
  DeliveriesTailOptions deliveries_tail;
  AddDeliveriesCommand(app, deliveries_tail, global.emulator, exit_code);
  CheckWebhooksOptions check_webhooks;
  CLI::App* check = AddCheckCommand(app, check_webhooks, exit_code);
  CheckConnectOptions check_connect;
  AddCheckConnectCommand(*check, global, check_connect, exit_code);
  CheckAllOptions check_all;
  AddCheckAllCommand(*check, global, check_all, exit_code);
  ScenariosOptions scenarios;
  AddScenariosCommand(app, scenarios, exit_code);

  AppendGlobalEmulator(app);
  AppendExitCodes(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
