// Test harnesses that run the emulator for real on loopback, port 0.
//
// EmulatorProcess starts the revento-emulator binary with --port 0
// --print-config, reads the config line, waits for /_sandbox/health and
// can stop it with a signal and report the exit status. Its stderr (banner
// and access log) is kept in a temporary file for assertions.
//
// InProcessEmulator builds an Emulator in this process with a FakeClock the
// test controls, serving on a background thread; faster than a process and
// the way most handler tests run.
//
// When REVENTO_RECORD_RESPONSES_DIR is set (tests/CMakeLists.txt sets it for
// the e2e tests), both record every response into a new file of that
// directory (--record-responses) and test openapi.recorded checks them all
// against docs/openapi.yaml.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/emulator.h"
#include "tests/support/fake_clock.h"

namespace revento::testing {

class EmulatorProcess {
 public:
  // Fails the current test (and returns nullptr) if the emulator does not
  // come up.
  static std::unique_ptr<EmulatorProcess> Start(const std::vector<std::string>& extra_args = {});
  ~EmulatorProcess();

  const nlohmann::json& config() const { return config_; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::unique_ptr<httplib::Client> Client() const;

  // Sends `signal_number` and waits; returns the exit code (or 128+signal).
  int Stop(int signal_number);
  std::string Stderr() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  nlohmann::json config_;
  std::string stderr_path_;
};


// Runs `binary` with `args`; returns {exit code, stdout, stderr}.
struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args);

class InProcessEmulator {
 public:
  explicit InProcessEmulator(emulator::Options options = {});
  ~InProcessEmulator();

  emulator::Emulator& emulator() { return *emulator_; }
  FakeClock& base_clock() { return clock_; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::unique_ptr<httplib::Client> Client() const;
  std::string Log() const { return log_.str(); }
  // The waits delay faults asked for, in order; they are recorded, not slept.
  std::vector<std::chrono::milliseconds> Sleeps() const;
  // From HoldDelays() to ReleaseDelays() (or the destructor), a delay
  // fault's wait blocks, so that a test sees what the server does
  // meanwhile; HeldDelays() counts the requests waiting.
  void HoldDelays();
  void ReleaseDelays();
  size_t HeldDelays() const;

 private:
  FakeClock clock_;
  std::ostringstream log_;
  mutable std::mutex sleeps_mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::condition_variable released_;
  bool holding_ = false;
  size_t held_ = 0;
  std::unique_ptr<emulator::Emulator> emulator_;
  int port_ = 0;
};

}  // namespace revento::testing
