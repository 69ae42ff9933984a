#include "client/cli/check_connect_command.h"

#include <iostream>

#include "client/cli/check_command.h"

namespace revento::client::cli {

void AddConnectOptions(CLI::App& command, CheckConnectOptions& options) {
  command.add_option("--app", options.app, "Your app's base URL (its connect route is --connect-path)")->required();
  command.add_option("--connect-path", options.connect_path, "The app route that starts the OAuth flow")
      ->capture_default_str();
  command.add_option("--refresh-path", options.refresh_path,
                     "A route of your app that calls the Read API: also check token refresh r1-r3 (moves the sandbox "
                     "clock); without it they are skipped");
  AddLangOption(command, options.lang);
  AddAdminTokenOption(command, options.admin_token);
}

void AddCheckConnectCommand(CLI::App& check, const GlobalOptions& global, CheckConnectOptions& options,
                            int& exit_code) {
  auto* connect = check.add_subcommand("connect", "Drive your app's OAuth connect flow twice and grade it");
  connect->footer(
      "Example:\n  revento check connect --app http://localhost:3000 --refresh-path /participants --emulator "
      "http://localhost:8787\n\n"
      "Checks (from the emulator's request journal): c1 the flow completes; c2 PKCE S256; c3 state present,\n"
      "128 bits, new per run; c4 the registered redirect_uri; c5 declared scopes; c6 forged callbacks refused;\n"
      "c7 token request (redirect_uri, code_verifier, code once, client auth); with --refresh-path: r1-r3\n"
      "refresh once, rotated token stored, single flight (the sandbox clock moves forward 3 x 3601 s); without\n"
      "--refresh-path they are counted as skipped. A failed check prints its fix in Node, Python and Go (--lang).\n"
      "docs/check.md explains each check and its fix.");
  AddConnectOptions(*connect, options);
  connect->add_option("--junit", options.junit_file, "Also write the results as JUnit XML to this file");
  connect->add_flag("--json", options.json, "Print one JSON object instead of the text report");
  connect->callback([&global, &options, &exit_code] { exit_code = RunCheckConnect(global, options); });
}

Result<check::CheckConnectConfig> ConnectConfigOf(const GlobalOptions& global, const CheckConnectOptions& options) {
  auto emulator = EmulatorBase(global);
  if (!emulator) return portable::unexpected(emulator.error());
  auto app = http::ParseUrl(options.app);
  if (!app) return Fail(kInvalidArgument, "--app " + app.error().message);
  if (app->target != "/") {
    return Fail(kInvalidArgument, "--app \"" + options.app +
                                      "\" has a path: give the app's origin (http://localhost:3000) and the route "
                                      "with --connect-path");
  }
  auto path_ok = [](const std::string& path) {
    return path.starts_with("/") && path.find_first_of(" #") == std::string::npos;
  };
  if (!path_ok(options.connect_path)) {
    return Fail(kInvalidArgument, "--connect-path \"" + options.connect_path + "\" must start with / (e.g. /connect)");
  }
  check::CheckConnectConfig config;
  config.app = app->Origin();
  config.connect_path = options.connect_path;
  config.emulator = *emulator;
  config.admin_token = options.admin_token;
  if (!options.refresh_path.empty()) {
    if (!path_ok(options.refresh_path)) {
      return Fail(kInvalidArgument,
                  "--refresh-path \"" + options.refresh_path + "\" must start with / (e.g. /participants)");
    }
    config.refresh_path = options.refresh_path;
  }
  return config;
}

int RunCheckConnect(const GlobalOptions& global, const CheckConnectOptions& options) {
  const std::string command = "revento check connect";
  auto config = ConnectConfigOf(global, options);
  if (!config) return Report("check connect", config.error().message, kExitUsage);
  check::ConnectChecker checker(*config);
  auto results = checker.Run();
  if (!results) return Report("check connect", results.error().message, kExitFailed);
  return EmitCheckReport(command, config->app + config->connect_path, std::move(*results), options.json,
                         options.junit_file, options.lang);
}

}  // namespace revento::client::cli
