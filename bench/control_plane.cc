// bench_control_plane: what the request journal and the fault table cost.
//
// Starts two revento-emulator binaries side by side, identical but for the
// control plane:
//   off       --journal-size 0, no faults (no journal, empty fault table)
//   on        the defaults: a journal of 10,000 entries, plus one fault that
//             matches nothing the load sends (so every request walks the
//             fault table under its lock, the worst a passive table costs)
// and measures, on each, alternately (off, on, off, on: drift on a shared
// machine hits both alike):
//   event     GET /api/v1/events/evt_abc123 with wrk (2 threads, 32
//             keep-alive connections), a token from a real OAuth dance
//   dances    OAuth dances (GET /oauth/authorize with --auto-consent, then
//             POST /oauth/token), N keep-alive client threads
// Prints each run with its throughput and the emulator's CPU time per
// request (user + system, from /proc: steadier than throughput on a shared
// machine), the totals with on/off, and the in-process cost per request of
// a journal entry and of a fault lookup. Asserts nothing.
//
//   build/bench/bench_control_plane [seconds per run, default 5] [rounds, default 2] [clients, default 16]
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
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
#include "emulator/clock.h"
#include "emulator/ids.h"
#include "emulator/sandbox/fault_table.h"
#include "emulator/sandbox/journal.h"
#include "portable/httplib_compat.h"

namespace {

using Child = revento::bench::EmulatorChild;

Child Start(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--port", "0", "--print-config", "--auto-consent", "--log-level", "warn",
                                   "--rate-limit", "100000000"};
  args.insert(args.end(), extra.begin(), extra.end());
  return revento::bench::StartEmulatorChild(REVENTO_EMULATOR_BINARY, args);
}

// The in-process cost of what every request pays for the control plane:
// one journal entry built and stored, one fault-table lookup with an idle
// fault, timed over many calls with the steady clock.
void HookCost() {
  using namespace revento::emulator;
  SystemClock clock;
  RandomIdSource ids;
  sandbox::Journal journal(clock, 10000);
  sandbox::FaultTable faults(clock, ids, [] { return 0.5; });
  (void)faults.Add(nlohmann::json::parse(
      R"({"match": {"method": "DELETE", "path": "/api/v1/events/evt_none"}, "action": {"status": 503}})"));
  httplib::Request req;
  req.method = "GET";
  req.path = "/api/v1/events/evt_abc123";
  req.target = req.path;
  req.remote_addr = "127.0.0.1";
  req.remote_port = 50000;
  req.headers.emplace("Host", "127.0.0.1:8787");
  req.headers.emplace("Authorization", "Bearer rev_install_0123456789abcdefghijklmnopqrstuv");
  req.headers.emplace("Accept", "application/vnd.revento.v1+json");
  req.headers.emplace("User-Agent", "bench");
  constexpr int kCalls = 200000;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i) journal.Record(req, 200, "req_0123456789", std::chrono::microseconds(50), "", "");
  double journal_ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count() / kCalls;
  started = std::chrono::steady_clock::now();
  size_t hits = 0;
  for (int i = 0; i < kCalls; ++i) hits += faults.Take(req.method, req.path).has_value();
  double faults_ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count() / kCalls;
  std::printf("  per request, in process: journal entry %.0f ns, fault lookup (1 idle fault) %.0f ns%s\n", journal_ns,
              faults_ns, hits ? " (unexpected hit)" : "");
}

void Stop(const Child& child) { revento::bench::StopChild(child); }

using revento::bench::CpuSeconds;
using revento::bench::FormEncode;

const std::string kRedirect = "http://localhost:3000/callback";
const std::string kAuth = "&client_id=rev_client_quickstart&client_secret=rev_secret_sandbox_quickstart";

// One dance on `client`; returns the token response body ("" on failure).
std::string Dance(httplib::Client& client, const revento::client::PkcePair& pkce) {
  std::string path =
      "/oauth/authorize?response_type=code&client_id=rev_client_quickstart&redirect_uri=" + FormEncode(kRedirect) +
      "&scope=event.read+participants.read&event_id=evt_abc123&state=bench" + "&code_challenge=" + pkce.challenge +
      "&code_challenge_method=S256";
  auto a = client.Get(path.c_str());
  if (!a || a->status != 302) return "";
  std::string location = a->get_header_value("Location");
  size_t at = location.find("code=");
  if (at == std::string::npos) return "";
  std::string code = location.substr(at + 5, location.find('&', at) - at - 5);
  auto r = client.Post("/oauth/token",
                       "grant_type=authorization_code&code=" + code + "&redirect_uri=" + FormEncode(kRedirect) +
                           "&code_verifier=" + pkce.verifier + kAuth,
                       "application/x-www-form-urlencoded");
  return r && r->status == 200 ? r->body : "";
}

struct Load {
  double per_second = 0;
  double requests = 0;
};

Load Wrk(int port, const std::string& token, int seconds) {
  std::string cmd = "wrk -t2 -c32 -d" + std::to_string(seconds) + "s -H 'Authorization: Bearer " + token +
                    "' 'http://127.0.0.1:" + std::to_string(port) + "/api/v1/events/evt_abc123' 2>&1";
  Load load;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return load;
  std::array<char, 512> line;
  while (fgets(line.data(), line.size(), p)) {
    std::string l = line.data();
    if (l.find("Requests/sec:") != std::string::npos) load.per_second = std::stod(l.substr(l.find(':') + 1));
    if (l.find(" requests in ") != std::string::npos) load.requests = std::stod(l);
    if (l.find("Non-2xx") != std::string::npos) std::printf("    wrk: %s", l.c_str());
  }
  pclose(p);
  return load;
}

Load Dances(int port, int clients, int seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> done{0}, failed{0};
  std::latch ready(clients + 1);
  std::vector<std::thread> threads;
  auto pkce = revento::client::NewPkcePair();
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      revento::portable::SetPathEncode(client, false);
      ready.arrive_and_wait();
      while (!stop.load(std::memory_order_relaxed)) {
        (Dance(client, pkce).empty() ? failed : done)++;
      }
    });
  }
  ready.arrive_and_wait();
  auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (failed) std::printf("    %ld dances failed\n", failed.load());
  return {done / elapsed, static_cast<double>(done)};
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 2;
  int clients = argc > 3 ? std::atoi(argv[3]) : 16;
  signal(SIGPIPE, SIG_IGN);
  Child off = Start({"--journal-size", "0"});
  Child on = Start({});
  if (off.port == 0 || on.port == 0) {
    std::fprintf(stderr, "bench_control_plane: an emulator did not start\n");
    Stop(off);
    Stop(on);
    return 1;
  }
  {
    httplib::Client client("127.0.0.1", on.port);
    auto fault =
        client.Post("/_sandbox/faults",
                    R"({"match": {"method": "DELETE", "path": "/api/v1/events/evt_none"}, "action": {"status": 503}})",
                    "application/json");
    if (!fault || fault->status != 201) std::fprintf(stderr, "bench_control_plane: could not add the idle fault\n");
  }
  std::string tokens[2];
  auto pkce = revento::client::NewPkcePair();
  for (int i = 0; i < 2; ++i) {
    httplib::Client client("127.0.0.1", i == 0 ? off.port : on.port);
    revento::portable::SetPathEncode(client, false);
    auto body = nlohmann::json::parse(Dance(client, pkce), nullptr, false);
    if (body.is_discarded()) {
      std::fprintf(stderr, "bench_control_plane: no token\n");
      Stop(off);
      Stop(on);
      return 1;
    }
    tokens[i] = body["access_token"].get<std::string>();
  }
  std::printf(
      "bench_control_plane: off = --journal-size 0, no faults (port %d); on = defaults (journal 10,000) "
      "plus one idle fault (port %d); %d s per run, %d rounds, %d dance clients\n",
      off.port, on.port, seconds, rounds, clients);
  // Throughput swings with whatever else the machine runs; the emulator's
  // CPU time per request (from /proc) is the steadier figure.
  double event_sum[2] = {0, 0}, dance_sum[2] = {0, 0}, event_cpu[2] = {0, 0}, dance_cpu[2] = {0, 0};
  double event_count[2] = {0, 0}, dance_count[2] = {0, 0};
  for (int round = 1; round <= rounds; ++round) {
    for (int i = 0; i < 2; ++i) {
      const Child& target = i == 0 ? off : on;
      double cpu = CpuSeconds(target.pid);
      Load load = Wrk(target.port, tokens[i], seconds);
      double used = CpuSeconds(target.pid) - cpu;
      event_sum[i] += load.per_second;
      event_cpu[i] += used;
      event_count[i] += load.requests;
      std::printf("  round %d  %-3s  event  %9.0f req/s  %6.1f us CPU/request\n", round, i == 0 ? "off" : "on",
                  load.per_second, load.requests > 0 ? 1e6 * used / load.requests : 0.0);
      std::fflush(stdout);
    }
    for (int i = 0; i < 2; ++i) {
      const Child& target = i == 0 ? off : on;
      double cpu = CpuSeconds(target.pid);
      Load load = Dances(target.port, clients, seconds);
      double used = CpuSeconds(target.pid) - cpu;
      dance_sum[i] += load.per_second;
      dance_cpu[i] += used;
      dance_count[i] += load.requests;
      std::printf("  round %d  %-3s  dances %9.0f /s     %6.1f us CPU/dance\n", round, i == 0 ? "off" : "on",
                  load.per_second, load.requests > 0 ? 1e6 * used / load.requests : 0.0);
      std::fflush(stdout);
    }
  }
  {
    httplib::Client client("127.0.0.1", on.port);
    auto journal = client.Get("/_sandbox/requests?limit=1");
    if (journal && journal->status == 200) {
      auto body = nlohmann::json::parse(journal->body);
      std::printf("  on: journal holds %lld of %lld recorded requests\n", body["size"].get<long long>(),
                  body["recorded"].get<long long>());
    }
  }
  auto per = [](double cpu, double count) { return count > 0 ? 1e6 * cpu / count : 0.0; };
  double event_off = per(event_cpu[0], event_count[0]), event_on = per(event_cpu[1], event_count[1]);
  double dance_off = per(dance_cpu[0], dance_count[0]), dance_on = per(dance_cpu[1], dance_count[1]);
  std::printf("  event  off %9.0f req/s  on %9.0f req/s  on/off %.3f;  CPU/request off %.1f us, on %.1f us (%+.1f%%)\n",
              event_sum[0] / rounds, event_sum[1] / rounds, event_sum[0] > 0 ? event_sum[1] / event_sum[0] : 0.0,
              event_off, event_on, event_off > 0 ? 100.0 * (event_on / event_off - 1) : 0.0);
  std::printf("  dances off %9.0f /s     on %9.0f /s     on/off %.3f;  CPU/dance   off %.1f us, on %.1f us (%+.1f%%)\n",
              dance_sum[0] / rounds, dance_sum[1] / rounds, dance_sum[0] > 0 ? dance_sum[1] / dance_sum[0] : 0.0,
              dance_off, dance_on, dance_off > 0 ? 100.0 * (dance_on / dance_off - 1) : 0.0);
  HookCost();
  Stop(off);
  Stop(on);
  return 0;
}
