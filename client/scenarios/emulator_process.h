// Starting revento-emulator as a child process for scenarios.
//
// EmulatorProcess::Start runs `binary --port 0 --print-config --log-level
// warn FLAGS...`, reads the one JSON config line the emulator prints once it
// listens (so it is ready when Start returns) and keeps the child until
// Stop or destruction (SIGKILL then). Its stderr goes to a temporary file,
// shown when the start fails.
//
// RunEmulatorCommand runs the binary with exactly `args`, optionally sends
// `signal` once the config line arrived, and reports the exit code, the
// first stdout line and stderr (bounded by `timeout_seconds`, then killed).
//
// FindEmulatorBinary: the explicit path if given, else revento-emulator in
// the build tree next to this executable (../emulator/), beside it, or on
// PATH.
//
// Errors: an Error naming the binary and what it printed. Thread safety: one
// EmulatorProcess per owner; the functions are safe to call concurrently.
#pragma once

#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/status.h"

namespace revento::client::scenarios {

class EmulatorProcess {
 public:
  static Result<std::unique_ptr<EmulatorProcess>> Start(const std::string& binary,
                                                        const std::vector<std::string>& flags);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const nlohmann::json& config() const { return config_; }
  std::string base_url() const;
  // Sends `signal_number`, waits, returns the exit code (128 + signal when killed).
  int Stop(int signal_number);

 private:
  EmulatorProcess() = default;
  pid_t pid_ = -1;
  nlohmann::json config_;
  std::string stderr_path_;
};

struct CommandOutcome {
  int exit_code = -1;
  std::string first_line;
  std::string err;
  bool timed_out = false;
};

CommandOutcome RunEmulatorCommand(const std::string& binary, const std::vector<std::string>& args, int signal_number,
                                  int timeout_seconds);

Result<std::string> FindEmulatorBinary(const std::string& explicit_path);

}  // namespace revento::client::scenarios
