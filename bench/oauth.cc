// bench_oauth: OAuth throughput of the real revento-emulator binary.
//
// Starts revento-emulator --port 0 --auto-consent --log-level warn, then
// runs, with N concurrent keep-alive clients (one httplib::Client per
// thread):
//   dances     GET /oauth/authorize (auto-consent 302 with a code), then
//              POST /oauth/token (authorization_code): one dance = both;
//   refreshes  POST /oauth/token (refresh_token), each thread rotating its
//              own family.
// Prints requests per second and p50/p99/max latency per operation and, for
// the emulator, its CPU time and context switches per operation (from /proc,
// over the run). Never asserts on time.
//
// With --baseline, the same client loop runs against a bare cpp-httplib
// server in this process that only answers a canned 302 with a code and a
// canned token response (the ceiling on this machine, measured under the
// same load as the emulator run).
//
//   bench_oauth [--clients 32] [--seconds 5] [--binary PATH] [--baseline]
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <latch>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/child_process.h"
#include "client/oauth/pkce.h"
#include "portable/httplib_compat.h"

namespace {

using Clock = std::chrono::steady_clock;

using Emulator = revento::bench::EmulatorChild;
using revento::bench::FormEncode;

Emulator StartEmulator(const std::string& binary) {
  return revento::bench::StartEmulatorChild(binary,
                                            {"--port", "0", "--print-config", "--auto-consent", "--log-level", "warn"});
}

struct Stats {
  std::vector<double> latencies_ms;
  long errors = 0;
};

// Prints the figures of one run; returns the operations that succeeded.
size_t Report(const char* what, std::vector<Stats>& per_thread, double seconds) {
  std::vector<double> all;
  long errors = 0;
  for (auto& s : per_thread) {
    all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    errors += s.errors;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&all](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, size_t(p * all.size()))]; };
  std::printf("%-10s %9.0f /s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%zu ok, %ld errors, %.1f s)\n", what,
              all.size() / seconds, pct(0.50), pct(0.99), all.empty() ? 0.0 : all.back(), all.size(), errors, seconds);
  return all.size();
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 32;
  double seconds = 5;
  std::string binary = REVENTO_EMULATOR_BINARY;
  bool baseline = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--baseline")) baseline = true;
    if (i + 1 >= argc) continue;
    if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--binary")) binary = argv[i + 1];
  }
  signal(SIGPIPE, SIG_IGN);
  httplib::Server bare;
  std::thread bare_thread;
  Emulator emulator;
  if (baseline) {
    bare.set_tcp_nodelay(true);
    bare.Get("/_sandbox/health",
             [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    bare.Get("/oauth/authorize", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "http://localhost:3000/callback?code=rev_code_canned&state=bench");
    });
    bare.Post("/oauth/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          R"({"access_token":"rev_install_canned","refresh_token":"rev_refresh_canned","token_type":"Bearer",)"
          R"("expires_in":3600,"scope":"event.read participants.read","event_id":"evt_abc123",)"
          R"("organization_id":"org_xyz789"})",
          "application/json");
    });
    emulator.port = bare.bind_to_any_port("127.0.0.1");
    bare_thread = std::thread([&bare] { bare.listen_after_bind(); });
    binary = "a bare cpp-httplib server (baseline)";
  } else {
    emulator = StartEmulator(binary);
  }
  if (emulator.port == 0) {
    std::fprintf(stderr, "bench_oauth: the emulator did not start\n");
    return 1;
  }
  {
    httplib::Client probe("127.0.0.1", emulator.port);
    for (int i = 0; i < 500; ++i) {
      if (auto r = probe.Get("/_sandbox/health"); r && r->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::printf("bench_oauth: %d keep-alive clients against %s on port %d\n", clients, binary.c_str(), emulator.port);

  const std::string redirect_uri = "http://localhost:3000/callback";
  const std::string auth = "&client_id=rev_client_quickstart&client_secret=rev_secret_sandbox_quickstart";
  auto pkce = revento::client::NewPkcePair();
  const std::string authorize_path =
      "/oauth/authorize?response_type=code&client_id=rev_client_quickstart&redirect_uri=" + FormEncode(redirect_uri) +
      "&scope=event.read+participants.read&event_id=evt_abc123&state=bench&code_challenge=" + pkce.challenge +
      "&code_challenge_method=S256";

  auto run = [&](const char* name, double duration, bool refresh) {
    std::vector<Stats> stats(clients);
    std::atomic<bool> stop{false};
    std::latch ready(clients + 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", emulator.port);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        revento::portable::SetPathEncode(client, false);
        client.set_read_timeout(std::chrono::seconds(10));
        auto dance = [&]() -> std::string {
          auto a = client.Get(authorize_path.c_str());
          if (!a || a->status != 302) return "";
          std::string location = a->get_header_value("Location");
          size_t at = location.find("code=");
          if (at == std::string::npos) return "";
          std::string code = location.substr(at + 5, location.find('&', at) - at - 5);
          auto r = client.Post("/oauth/token",
                               "grant_type=authorization_code&code=" + code + "&redirect_uri=" + FormEncode(redirect_uri) +
                                   "&code_verifier=" + pkce.verifier + auth,
                               "application/x-www-form-urlencoded");
          if (!r || r->status != 200) return "";
          size_t token_at = r->body.find("\"refresh_token\":\"");
          if (token_at == std::string::npos) return "";
          token_at += 17;
          return r->body.substr(token_at, r->body.find('"', token_at) - token_at);
        };
        std::string refresh_token = refresh ? dance() : "";
        stats[t].latencies_ms.reserve(200000);
        ready.arrive_and_wait();
        while (!stop.load(std::memory_order_relaxed)) {
          auto started = Clock::now();
          bool ok;
          if (refresh) {
            auto r = client.Post("/oauth/token", "grant_type=refresh_token&refresh_token=" + refresh_token + auth,
                                 "application/x-www-form-urlencoded");
            ok = r && r->status == 200;
            if (ok) {
              const std::string& body = r->body;
              size_t at = body.find("\"refresh_token\":\"") + 17;
              refresh_token = body.substr(at, body.find('"', at) - at);
            }
          } else {
            ok = !dance().empty();
          }
          double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
          if (ok) {
            stats[t].latencies_ms.push_back(ms);
          } else {
            ++stats[t].errors;
          }
        }
      });
    }
    ready.arrive_and_wait();
    auto started = Clock::now();
    double cpu_before = baseline ? 0 : revento::bench::CpuSeconds(emulator.pid);
    long switches_before = baseline ? 0 : revento::bench::ContextSwitches(emulator.pid);
    std::this_thread::sleep_for(std::chrono::duration<double>(duration));
    stop = true;
    double cpu = baseline ? 0 : revento::bench::CpuSeconds(emulator.pid) - cpu_before;
    long switches = baseline ? 0 : revento::bench::ContextSwitches(emulator.pid) - switches_before;
    for (auto& th : threads) th.join();
    size_t done = Report(name, stats, std::chrono::duration<double>(Clock::now() - started).count());
    if (!baseline && done > 0) {
      std::printf("%-10s emulator cpu %.3f ms per op, %.2f context switches per op\n", "", 1000 * cpu / done,
                  static_cast<double>(switches) / done);
    }
  };

  run("warm-up", 1, false);
  run("dances", seconds, false);
  run("refreshes", seconds, true);
  if (baseline) {
    bare.stop();
    bare_thread.join();
    return 0;
  }
  revento::bench::StopChild(emulator);
  return 0;
}
