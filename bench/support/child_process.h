// What the benchmarks share: a revento-emulator started as a child process,
// figures read from /proc, and form encoding for hand-built requests.
//
// StartEmulatorChild runs `binary` with `args` (which must include
// --print-config), stdout piped and stderr sent to /dev/null, and returns
// once the emulator has printed its config line: then it is listening.
// A child that did not start has port 0 (and pid > 0 if it was forked: stop
// it all the same). Benchmarks print figures and assert nothing, so errors
// here are reported by those fields, not by a Status.
//
// Thread safety: every function may be called from any thread.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace revento::bench {

struct EmulatorChild {
  pid_t pid = -1;
  int port = 0;
  nlohmann::json config;  // the --print-config line
};

EmulatorChild StartEmulatorChild(const std::string& binary, const std::vector<std::string>& args);
// Sends `signal` and waits for the child to exit.
void StopChild(const EmulatorChild& child, int signal = SIGTERM);

// A numeric field of /proc/PID/status ("VmRSS", "RssAnon", "Threads"; KiB
// for sizes); -1 when the process or the field is gone.
long ProcStatusField(pid_t pid, std::string_view field);
// User + system CPU seconds the process has used so far.
double CpuSeconds(pid_t pid);
// Context switches (voluntary and not) of the process's live threads, summed
// over /proc/PID/task/*/status (a thread that has exited is not counted).
long ContextSwitches(pid_t pid);

// application/x-www-form-urlencoded and URL query encoding of one value:
// unreserved characters as they are, every other byte as %XX.
std::string FormEncode(std::string_view value);

}  // namespace revento::bench
