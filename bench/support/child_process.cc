#include "bench/support/child_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace revento::bench {

EmulatorChild StartEmulatorChild(const std::string& binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) return {};
  // Built before the fork: the child of a threaded bench may not allocate.
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  EmulatorChild child;
  child.pid = fork();
  if (child.pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  if (child.pid < 0) {
    close(out[0]);
    return {};
  }
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out[0]);
  child.config = nlohmann::json::parse(line, nullptr, false);
  if (child.config.is_object() && child.config.contains("port") && child.config["port"].is_number_integer()) {
    child.port = child.config["port"].get<int>();
  }
  return child;
}

void StopChild(const EmulatorChild& child, int signal) {
  if (child.pid <= 0) return;
  kill(child.pid, signal);
  int status = 0;
  waitpid(child.pid, &status, 0);
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
