// bench/startup: time from exec of revento-emulator to its first 200 on
// /_sandbox/health, median of 20 runs, and the idle resident memory (RSS)
// after start-up. Prints figures; asserts nothing.
//
//   build/bench/bench_startup [path/to/revento-emulator] [extra flags...]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "client/process/spawn.h"

namespace {

using Clock = std::chrono::steady_clock;

// One GET /_sandbox/health on a fresh connection; true on a 200.
bool HealthOk(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const char request[] = "GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (write(fd, request, sizeof request - 1) > 0) {
      char buf[64] = {};
      ssize_t n = read(fd, buf, sizeof buf - 1);
      ok = n > 12 && std::strncmp(buf, "HTTP/1.1 200", 12) == 0;
    }
  }
  close(fd);
  return ok;
}

long RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

struct Run {
  double ms;
  long rss_kib;
};

Run OneRun(const std::vector<std::string>& args) {
  auto started = Clock::now();
  auto child = revento::client::process::Spawn(
      {args, std::nullopt, revento::client::process::Redirect::Pipe(), revento::client::process::Redirect::Null()});
  if (!child) return {-1, -1};
  pid_t pid = child->pid;
  // The config line carries the port chosen for --port 0.
  std::string line;
  char c;
  while (read(child->out_fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  int port = 0;
  auto at = line.find("\"port\":");
  if (at != std::string::npos) port = std::atoi(line.c_str() + at + 7);
  while (port > 0 && !HealthOk(port)) {
  }
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it settle before reading RSS
  long rss = RssKiB(pid);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  close(child->out_fd);
  return {port > 0 ? ms : -1, rss};
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = argc > 1 ? argv[1] : REVENTO_EMULATOR_BINARY;
  std::vector<std::string> args{binary, "--port", "0", "--print-config", "--log-level", "off"};
  for (int i = 2; i < argc; ++i) args.emplace_back(argv[i]);
  std::vector<double> times;
  std::vector<long> rss;
  for (int i = 0; i < 20; ++i) {
    Run r = OneRun(args);
    if (r.ms < 0) {
      std::fprintf(stderr, "run %d failed to start\n", i);
      return 1;
    }
    times.push_back(r.ms);
    rss.push_back(r.rss_kib);
  }
  std::sort(times.begin(), times.end());
  std::sort(rss.begin(), rss.end());
  std::printf("startup: exec -> first 200 on /_sandbox/health, 20 runs\n");
  std::printf("  median %.1f ms   min %.1f ms   max %.1f ms\n", (times[9] + times[10]) / 2, times.front(),
              times.back());
  std::printf("  idle RSS median %.1f MB   max %.1f MB\n", rss[10] / 1024.0, rss.back() / 1024.0);
  return 0;
}
