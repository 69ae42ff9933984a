#include "bench/support/child_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "client/process/spawn.h"

namespace revento::bench {

EmulatorChild StartEmulatorChild(const std::string& binary, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  auto spawned = client::process::Spawn(
      {argv, std::nullopt, client::process::Redirect::Pipe(), client::process::Redirect::Null()});
  if (!spawned) return {};
  EmulatorChild child;
  child.pid = spawned->pid;
  std::string line;
  char c;
  while (read(spawned->out_fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  close(spawned->out_fd);
  child.config = nlohmann::json::parse(line, nullptr, false);
  if (child.config.is_object() && child.config.contains("port") && child.config["port"].is_number_integer()) {
    child.port = child.config["port"].get<int>();
  }
  return child;
}

void StopChild(const EmulatorChild& child, int signal) {
  if (child.pid <= 0) return;
  kill(child.pid, signal);
  client::process::Wait(child.pid);
}

long ProcStatusField(pid_t pid, std::string_view field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > field.size() && line.compare(0, field.size(), field) == 0 && line[field.size()] == ':') {
      return std::atol(line.c_str() + field.size() + 1);
    }
  }
  return -1;
}

long ContextSwitches(pid_t pid) {
  long total = 0;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
    // /proc/TID/status is the thread's own.
    pid_t tid = static_cast<pid_t>(std::atol(task.path().filename().c_str()));
    total += std::max(0L, ProcStatusField(tid, "voluntary_ctxt_switches")) +
             std::max(0L, ProcStatusField(tid, "nonvoluntary_ctxt_switches"));
  }
  return total;
}

double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which ends at the last ')'): state is
  // field 3, utime 14, stime 15.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::vector<std::string> fields;
  size_t i = close + 2;
  while (i < stat.size() && fields.size() < 13) {
    size_t space = stat.find(' ', i);
    if (space == std::string::npos) space = stat.size();
    fields.push_back(stat.substr(i, space - i));
    i = space + 1;
  }
  if (fields.size() < 13) return 0;
  return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : value) {
    auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace revento::bench
