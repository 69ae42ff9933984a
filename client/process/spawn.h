// Starting a child process: the one spawner of client/, tests/ and bench/.
//
// Spawn() runs `argv` with posix_spawn (posix_spawnp when argv[0] holds no
// '/', so a bare name is looked up in PATH) and wires its standard output and
// error as asked: inherited, to /dev/null, to a file (created 0600,
// truncated), or to a pipe whose read end the parent gets. Every allocation
// happens before the child exists and the child runs no code of ours: the
// file actions are done by the C library between fork and exec. That is
// what a threaded caller needs (the scenario runner spawns from its job
// threads; a child that allocated after fork could wait for ever on a lock
// another thread held).
//
// Errors: Spawn() fails with kInvalidArgument for an empty argv and
// kTransportFailed when the program cannot be started (not found, not
// executable, a file that cannot be opened), naming the program and errno's
// words. A child that starts and then fails is the caller's to Wait() for.
// Thread safety: Spawn() and Wait() may be called from any thread; the pipe
// ends are close-on-exec, so one child never inherits another's.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "client/status.h"

namespace revento::client::process {

struct Redirect {
  enum class Kind { kInherit, kNull, kFile, kPipe, kStdout };
  Kind kind = Kind::kInherit;
  std::string path;  // kFile only

  static Redirect Inherit() { return {}; }
  static Redirect Null() { return {Kind::kNull, ""}; }
  static Redirect File(std::string path) { return {Kind::kFile, std::move(path)}; }
  static Redirect Pipe() { return {Kind::kPipe, ""}; }
  static Redirect ToStdout() { return {Kind::kStdout, ""}; }  // stderr only: where stdout goes
};

struct SpawnOptions {
  std::vector<std::string> argv;
  // The child's environment ("NAME=value" each); nullopt: this process's.
  std::optional<std::vector<std::string>> environment;
  Redirect out;
  Redirect err;
  // Standard input from /dev/null (a command that reads it sees its end);
  // otherwise inherited.
  bool stdin_null = false;
};

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // the read end, with Redirect::Pipe() for out
  int err_fd = -1;  // the read end, with Redirect::Pipe() for err
};

Result<Child> Spawn(const SpawnOptions& options);

// Waits for `pid`; its exit code, 128 + the signal's number when a signal
// ended it, -1 when it cannot be waited for.
int Wait(pid_t pid);

// This process's environment with `overrides` ("NAME=value") in place of
// any variable of the same name.
std::vector<std::string> EnvironmentWith(const std::vector<std::string>& overrides);

}  // namespace revento::client::process
