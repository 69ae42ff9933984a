#include "client/cli/trigger_command.h"

#include <iostream>

#include "client/cli/common.h"
#include "client/sandbox/sandbox_client.h"
#include "client/webhooks/overrides.h"
#include "client/webhooks/payload_templates.h"

namespace revento::client::cli {

void AddTriggerCommand(CLI::App& app, TriggerOptions& options, const std::string& emulator_url, int& exit_code) {
  auto* cmd = app.add_subcommand("trigger", "Ask the emulator to send a webhook of TYPE (like stripe trigger)");
  std::string types;
  for (const auto& t : webhooks::CatalogTypes()) types += "  " + t + "\n";
  cmd->footer(
      "Example:\n  revento trigger participant.updated --participant par_001 --set first_name=Zoë\n\n"
      "--set path=value takes JSON values (42, true, null removes the key) or else a plain string.\n"
      "Types:\n" +
      types);
  cmd->add_option("TYPE", options.type, "The catalog type, e.g. participant.registered")->required();
  cmd->add_option("--event", options.event_id, "The sandbox event")->capture_default_str();
  cmd->add_option("--application", options.application_id, "The application for application.* (default: the oldest)");
  cmd->add_option("--participant", options.participant_id, "The participant for participant.* (default: the oldest)");
  cmd->add_option("--data", options.data, "A JSON object or @file merged into data (RFC 7386 merge patch)");
  cmd->add_option("--set", options.sets, "path=value merged into data (repeatable), e.g. applicant.name=Ada");
  AddAdminTokenOption(*cmd, options.admin_token);
  cmd->add_flag("--flush", options.flush, "Wait until the deliveries' first attempts have finished");
  cmd->add_flag("--json", options.json, "Print the emulator's answer (type, event_id, data, delivery_ids) as JSON");
  cmd->callback([&options, &emulator_url, &exit_code] { exit_code = RunTrigger(options, emulator_url); });
}

int RunTrigger(const TriggerOptions& options, const std::string& emulator_url) {
  auto fail = [](int code, const std::string& message) { return Report("trigger", message, code); };
  if (!webhooks::IsCatalogType(options.type)) return fail(2, webhooks::UnknownTypeMessage(options.type));
  auto overrides = webhooks::BuildOverrides(options.data, options.sets);
  if (!overrides) return fail(2, overrides.error().message);
  auto sandbox = sandbox::SandboxClient::Connect(emulator_url, options.admin_token);
  if (!sandbox) return fail(2, sandbox.error().message);
  sandbox::TriggerRequest request;
  request.type = options.type;
  request.event_id = options.event_id;
  request.overrides = *overrides;
  if (!options.application_id.empty()) request.application_id = options.application_id;
  if (!options.participant_id.empty()) request.participant_id = options.participant_id;
  auto answer = sandbox->Trigger(request);
  if (!answer && (answer.error().status == 400 || answer.error().status == 404)) {
    return fail(1, answer.error().message + "; check TYPE, --event, --application, --participant, --data and --set");
  }
  if (!answer) return fail(1, answer.error().message);
  if (options.flush) {
    if (auto flushed = sandbox->Flush(); !flushed) return fail(1, flushed.error().message);
  }
  if (options.json) {
    std::cout << answer->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& id : (*answer)["delivery_ids"]) std::cout << id.get<std::string>() << "\n";
  }
  if ((*answer)["delivery_ids"].empty()) {
    std::cerr << "revento trigger: no integration receives " << options.type << " on " << options.event_id
              << ": connect one first (revento connect) with a scope that covers it\n";
  }
  return 0;
}

}  // namespace revento::client::cli
