#include "client/cli/deliveries_command.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "client/cli/common.h"
#include "client/sandbox/sandbox_client.h"
#include "client/webhooks/delivery_tailer.h"

namespace revento::client::cli {

void AddDeliveriesCommand(CLI::App& app, DeliveriesTailOptions& options, const std::string& emulator_url,
                          int& exit_code) {
  auto* deliveries = app.add_subcommand("deliveries", "The emulator's webhook delivery log");
  deliveries->require_subcommand(1);
  deliveries->footer("Example:\n  revento deliveries tail --history --once");
  auto* tail = deliveries->add_subcommand("tail", "Follow delivery attempts live, one line each (like stripe listen)");
  tail->footer(
      "Example:\n  revento deliveries tail\n  revento deliveries tail --history --once --json\n\n"
      "Each line: time (sandbox clock)  type  delivery id  URL  [status or ERR]  duration.");
  tail->add_flag("--json", options.json, "One JSON object per line");
  tail->add_flag("--history", options.history, "Start with the attempts already in the log");
  AddAdminTokenOption(*tail, options.admin_token);
  tail->add_flag("--once", options.once, "Poll once, print, and exit");
  tail->add_option("--max-lines", options.max_lines, "Exit after printing this many lines")
      ->check(CLI::Range(1, 1000000));
  tail->add_option("--interval", options.interval_ms, "Milliseconds between polls")
      ->capture_default_str()
      ->check(CLI::Range(50, 60000));
  tail->callback([&options, &emulator_url, &exit_code] { exit_code = RunDeliveriesTail(options, emulator_url); });
}

int RunDeliveriesTail(const DeliveriesTailOptions& options, const std::string& emulator_url) {
  auto sandbox = sandbox::SandboxClient::Connect(emulator_url, options.admin_token);
  if (!sandbox) return Report("deliveries tail", sandbox.error().message, kExitUsage);
  webhooks::DeliveryTailer tailer(*sandbox, options.history);
  int printed = 0;
  while (true) {
    auto lines = tailer.Poll();
    if (!lines) return Report("deliveries tail", lines.error().message, kExitFailed);
    for (const auto& line : *lines) {
      std::cout << (options.json ? line.Json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                 : line.Text())
                << std::endl;
      if (options.max_lines > 0 && ++printed >= options.max_lines) return 0;
    }
    if (options.once) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(options.interval_ms));
  }
}

}  // namespace revento::client::cli
