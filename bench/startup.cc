// bench/startup: time from exec of revento-emulator to its first 200 on
// /_sandbox/health, median of 20 runs, and the idle resident memory (RSS)
// after start-up; side by side with the same figures for bench_bare_server
// (bench/bare_server.cc, the one next to this binary: a cpp-httplib server
// with the emulator's socket tuning and shared libraries that answers every
// GET, /_sandbox/health included, with 200). Emulator and bare runs
// alternate, so that a change in the machine's load reaches both; the ratio
// is emulator median / bare median. Prints figures; asserts nothing.
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
#include <filesystem>
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
  // The emulator's config line carries the port chosen for --port 0; the
  // bare server prints the port alone.
  std::string line;
  char c;
  while (read(child->out_fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  int port = 0;
  auto at = line.find("\"port\":");
  port = at != std::string::npos ? std::atoi(line.c_str() + at + 7) : std::atoi(line.c_str());
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

struct Figures {
  std::vector<double> ms;
  std::vector<long> rss_kib;

  double Median() const { return Mid(ms); }
  double RssMedianMb() const { return Mid(rss_kib) / 1024.0; }

  template <typename T>
  static double Mid(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? static_cast<double>(v[n / 2]) : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
  }
};

void Print(const char* name, const Figures& f) {
  std::printf("  %-9s median %6.1f ms   min %6.1f ms   max %6.1f ms   idle RSS median %5.1f MB\n", name, f.Median(),
              *std::min_element(f.ms.begin(), f.ms.end()), *std::max_element(f.ms.begin(), f.ms.end()),
              f.RssMedianMb());
}

}  // namespace

int main(int argc, char** argv) {
  constexpr int kRuns = 20;
  std::string binary = argc > 1 ? argv[1] : REVENTO_EMULATOR_BINARY;
  std::vector<std::string> args{binary, "--port", "0", "--print-config", "--log-level", "off"};
  for (int i = 2; i < argc; ++i) args.emplace_back(argv[i]);
  std::vector<std::string> bare{
      (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "bench_bare_server").string(), "0"};
  Figures emulator, baseline;
  for (int i = 0; i < kRuns; ++i) {
    for (auto [figures, command] : {std::pair{&emulator, &args}, std::pair{&baseline, &bare}}) {
      Run r = OneRun(*command);
      if (r.ms < 0) {
        std::fprintf(stderr, "run %d of %s failed to start\n", i, (*command)[0].c_str());
        return 1;
      }
      figures->ms.push_back(r.ms);
      figures->rss_kib.push_back(r.rss_kib);
    }
  }
  std::printf("startup: exec -> first 200 on /_sandbox/health, %d runs each, alternating\n", kRuns);
  Print("emulator", emulator);
  Print("bare", baseline);
  std::printf("  ratio emulator/bare: %.2fx (median), idle RSS %.2fx\n", emulator.Median() / baseline.Median(),
              emulator.RssMedianMb() / baseline.RssMedianMb());
  return 0;
}
