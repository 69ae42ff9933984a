#include "client/scenarios/runner_steps.h"

#include <signal.h>

#include <string>
#include <vector>

#include "client/scenarios/emulator_process.h"

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

// How long run_emulator waits for the emulator to exit.
constexpr int kRunEmulatorSeconds = 15;

int SignalNumber(const std::string& name) {
  if (name == "INT") return SIGINT;
  if (name == "KILL") return SIGKILL;
  if (name == "TERM") return SIGTERM;
  return 0;
}

}  // namespace

Response RunSet(StepContext& context, const json& p, Problems&) {
  for (const auto& [name, value] : p["vars"].items()) context.vars()[name] = value;
  return Ok();
}

Response RunEmulator(StepContext& context, const json& p, Problems& problems) {
  const std::string& binary = context.target().emulator_binary;
  if (binary.empty()) {
    problems.push_back("run_emulator needs the emulator binary: run with --spawn (or --emulator-binary)");
    return {};
  }
  std::vector<std::string> args;
  for (const auto& a : p["args"]) args.push_back(a.get<std::string>());
  CommandOutcome outcome = RunEmulatorCommand(binary, args, SignalNumber(Str(p, "signal")), kRunEmulatorSeconds);
  Response r;
  r.status = outcome.exit_code;
  r.body = outcome.err;
  r.json = json::parse(outcome.first_line, nullptr, false);
  r.what = "revento-emulator";
  for (const auto& a : args) r.what += " " + a;
  if (outcome.timed_out) problems.push_back("revento-emulator did not exit within 15 s");
  return r;
}

Response RunRestartEmulator(StepContext& context, const json& p, Problems& problems) {
  Target& target = context.target();
  if (!target.restart) {
    problems.push_back(
        "restart_emulator needs the scenario's own emulator: give it emulator flags and run with --spawn");
    return {};
  }
  auto config = target.restart(SignalNumber(Str(p, "signal", "TERM")));
  if (!config) {
    problems.push_back(config.error().message);
    return {};
  }
  target.config = *config;
  json base = BaseVariables(target);
  for (const char* key : {"base", "auth_base", "api_base"}) context.vars()[key] = base[key];
  context.Reconnect();
  return Ok();
}

}  // namespace revento::client::scenarios
