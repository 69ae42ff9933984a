// `revento deliveries tail`: follows the emulator's delivery log live, one
// line per attempt (time, type, delivery id, URL, status, duration), like
// `stripe listen`; --json prints one JSON object per line. It polls
// GET /_sandbox/deliveries every --interval milliseconds. By default it
// shows attempts made after it started; --history shows the log's earlier
// attempts first. It runs until interrupted, or until --max-lines lines are
// printed, or after one poll with --once.
// Exit 0 when stopped by --once or --max-lines, 1 when the emulator cannot
// be read, 2 on usage.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace revento::client::cli {

struct DeliveriesTailOptions {
  bool json = false;
  bool history = false;
  bool once = false;
  int max_lines = 0;  // 0: no limit
  int interval_ms = 500;
  std::string admin_token;  // X-Revento-Admin-Token on /_sandbox
};

void AddDeliveriesCommand(CLI::App& app, DeliveriesTailOptions& options, const std::string& emulator_url,
                          int& exit_code);
int RunDeliveriesTail(const DeliveriesTailOptions& options, const std::string& emulator_url);

}  // namespace revento::client::cli
