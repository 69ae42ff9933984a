// bench/hostile: the attacks of issue 13's probe, against a revento-emulator
// binary, with the figures the issue cites: resident memory (VmRSS), thread
// count and how long /_sandbox/health takes during each attack. Prints
// figures; asserts nothing. Run it against an old build for "before":
//
//   build/bench/bench_hostile [path/to/revento-emulator]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/child_process.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

long RssMiB(pid_t pid) { return revento::bench::ProcStatusField(pid, "VmRSS") / 1024; }
long Threads(pid_t pid) { return revento::bench::ProcStatusField(pid, "Threads"); }

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t at = 0;
  while (at < data.size()) {
    ssize_t n = send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<size_t>(n);
  }
  return true;
}

// The status of the response waiting on fd (0 if none).
int ReadStatus(int fd) {
  char buf[64] = {};
  ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
  return n > 12 && std::strncmp(buf, "HTTP/1.1 ", 9) == 0 ? std::atoi(buf + 9) : 0;
}

// Milliseconds until a fresh connection's GET /_sandbox/health answers (-1:
// no 200).
double HealthMs(int port) {
  auto started = Clock::now();
  int fd = Connect(port);
  if (fd < 0) return -1;
  SendAll(fd, "GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  int status = ReadStatus(fd);
  close(fd);
  return status == 200 ? MsSince(started) : -1;
}

bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

using Emulator = revento::bench::EmulatorChild;

Emulator Start(const std::string& binary) {
  Emulator e = revento::bench::StartEmulatorChild(binary, {"--port", "0", "--print-config", "--log-level", "warn"});
  for (int i = 0; i < 500 && e.port > 0 && HealthMs(e.port) < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return e;
}

void Stop(Emulator& e) { revento::bench::StopChild(e, SIGKILL); }

void ChunkedUpload(const Emulator& e, const char* path, size_t megabytes) {
  int fd = Connect(e.port);
  std::string chunk(64 * 1024, 'x');
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  std::string piece = size_line + chunk + "\r\n";
  auto started = Clock::now();
  SendAll(fd,
          std::string("POST ") + path +
              " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  size_t sent = 0;
  while (sent < (megabytes << 20) && !Readable(fd)) {
    if (!SendAll(fd, piece)) break;
    sent += chunk.size();
  }
  if (!Readable(fd)) SendAll(fd, "0\r\n\r\n");
  int status = ReadStatus(fd);
  close(fd);
  std::printf("  chunked %zu MB to %s: %d after %.1f MB sent, %.0f ms; RSS %ld MiB\n", megabytes, path, status,
              sent / 1048576.0, MsSince(started), RssMiB(e.pid));
}

void HeaderFlood(const Emulator& e, size_t count) {
  int fd = Connect(e.port);
  std::string line = "X-Flood: " + std::string(1014, 'a') + "\r\n";
  SendAll(fd, "GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\n");
  size_t sent = 0;
  while (sent < count && !Readable(fd)) {
    if (!SendAll(fd, line)) break;
    ++sent;
  }
  if (!Readable(fd)) SendAll(fd, "\r\n");
  int status = ReadStatus(fd);
  close(fd);
  std::printf("  %zu headers of 1 KB: %d after %zu sent; RSS %ld MiB\n", count, status, sent, RssMiB(e.pid));
}

void IdleConnections(const Emulator& e, int count) {
  std::vector<int> fds;
  for (int i = 0; i < count; ++i)
    if (int fd = Connect(e.port); fd >= 0) fds.push_back(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double ms = HealthMs(e.port);
  std::printf("  %d idle connections: health %.1f ms; %ld threads\n", count, ms, Threads(e.pid));
  for (int fd : fds) close(fd);
  std::this_thread::sleep_for(std::chrono::seconds(15));
  std::printf("  15 s after they closed: %ld threads\n", Threads(e.pid));
}

void SlowConnections(const Emulator& e, int count) {
  std::vector<int> fds;
  for (int i = 0; i < count; ++i)
    if (int fd = Connect(e.port); fd >= 0) fds.push_back(fd);
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop) {
      for (int fd : fds) send(fd, "G", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      for (int i = 0; i < 15 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  double worst = 0;
  int failed = 0;
  for (int i = 0; i < 5; ++i) {
    double ms = HealthMs(e.port);
    if (ms < 0) ++failed;
    worst = std::max(worst, ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  std::printf(
      "  %d connections sending one byte every 1.5 s: worst health of 5 %.1f ms, %d of 5 unanswered "
      "(60 s timeout); %ld threads\n",
      count, worst, failed, Threads(e.pid));
  stop = true;
  trickle.join();
  for (int fd : fds) close(fd);
}

void AuthorizeFlood(const Emulator& e, double seconds) {
  long before = RssMiB(e.pid);
  int fd = Connect(e.port);
  std::string request =
      "GET "
      "/oauth/authorize?response_type=code&client_id=rev_client_quickstart&redirect_uri=http%3A%2F%2Flocalhost%3A3000"
      "%2Fcallback&scope=event.read&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
      "&code_challenge_method=S256&event_id=evt_abc123 HTTP/1.1\r\nHost: localhost\r\n\r\n";
  auto started = Clock::now();
  long count = 0;
  std::vector<char> buf(1 << 16);
  std::string pending;
  while (MsSince(started) < seconds * 1000) {
    if (!SendAll(fd, request)) break;
    size_t at;
    while ((at = pending.find("</html>")) == std::string::npos) {
      ssize_t n = recv(fd, buf.data(), buf.size(), 0);
      if (n <= 0) break;
      pending.append(buf.data(), static_cast<size_t>(n));
    }
    if (at == std::string::npos) break;
    pending.erase(0, at + 7);
    ++count;
  }
  close(fd);
  std::printf("  %ld anonymous GET /oauth/authorize in %.1f s: RSS %ld -> %ld MiB\n", count, seconds, before,
              RssMiB(e.pid));
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = argc > 1 ? argv[1] : REVENTO_EMULATOR_BINARY;
  std::printf("bench_hostile against %s\n", binary.c_str());
  struct Attack {
    const char* name;
    void (*run)(const Emulator&);
  };
  const Attack attacks[] = {
      {"chunked bodies",
       [](const Emulator& e) {
         ChunkedUpload(e, "/_sandbox/reset", 100);
         ChunkedUpload(e, "/oauth/token", 100);
       }},
      {"header flood", [](const Emulator& e) { HeaderFlood(e, 200000); }},
      {"idle connections", [](const Emulator& e) { IdleConnections(e, 2000); }},
      {"slow connections", [](const Emulator& e) { SlowConnections(e, 1100); }},
      {"authorize flood", [](const Emulator& e) { AuthorizeFlood(e, 8); }},
  };
  for (const auto& attack : attacks) {
    Emulator e = Start(binary);
    std::printf("%s (idle RSS %ld MiB, %ld threads)\n", attack.name, RssMiB(e.pid), Threads(e.pid));
    attack.run(e);
    std::printf("  health afterwards: %.1f ms\n", HealthMs(e.port));
    Stop(e);
  }
  return 0;
}
