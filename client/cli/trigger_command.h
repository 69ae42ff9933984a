// `revento trigger TYPE`: asks the emulator (POST /_sandbox/webhooks/trigger)
// to send a synthetic occurrence of a catalog type to every integration that
// receives it, like `stripe trigger`; prints the delivery ids, one per line
// (--json: the emulator's whole answer). Nothing in the sandbox changes.
// Exit 0 when the emulator accepted the trigger (also when nobody receives
// it: a note on stderr says so), 1 when the request failed, 2 on usage.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace revento::client::cli {

struct TriggerOptions {
  std::string type;
  std::string event_id = "evt_abc123";
  std::string application_id;
  std::string participant_id;
  std::string data;               // JSON object or @file: the merge patch
  std::vector<std::string> sets;  // path=value, applied on top
  std::string admin_token;        // X-Revento-Admin-Token on /_sandbox
  bool json = false;
  bool flush = false;
};

void AddTriggerCommand(CLI::App& app, TriggerOptions& options, const std::string& emulator_url, int& exit_code);
int RunTrigger(const TriggerOptions& options, const std::string& emulator_url);

}  // namespace revento::client::cli
