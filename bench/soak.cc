// bench_soak: does the emulator hold steady under a long mixed load?
//
// Starts revento-emulator as a child (--auto-consent, --data-dir in a fresh
// temporary directory, webhooks pointed at a receiver in this process that
// answers 200), then:
//   1. peak: `clients` threads run the mix below as fast as they can for
//      20 s; the operations per second they reach is the peak;
//   2. soak: the same threads, paced to half of that peak together, for
//      `seconds` (default 600).
// The mix, per 20 operations of a client: 1 OAuth dance (authorize with
// auto-consent, then the code exchange; the client keeps the tokens), 2
// refresh-token rotations of its own family, 1 webhook trigger
// (event.updated, fanned out to every installation), 16 Read API calls
// (event, first participants page, first applications page, in turn).
//
// Prints the emulator's resident memory and thread count at the start of
// the soak and once a minute, the ratio of the last to the first and to the
// one-minute sample (after the warm-up that fills caches and arenas), every
// error by operation and status, and the webhook receipts. Expected errors:
// none (the rate limit is lifted). Asserts nothing.
//
// Memory: VmRSS, split into RssAnon (the process's own heap and stacks:
// where a leak shows) and RssFile (pages of mapped files). Why --data-dir:
// without it the sandbox database is a file image in the emulator's heap
// (the memdb VFS), so the heap grows with every row the load writes
// (dances, rotated tokens, deliveries): data, not a leak. With --data-dir
// the database is a file the emulator maps (mmap_size), so the rows show
// as RssFile (page cache the kernel may reclaim) and RssAnon measures what
// the process itself holds.
//
//   build/bench/bench_soak [seconds=600] [clients=8]
#include <httplib.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/child_process.h"
#include "bench/support/webhook_receiver.h"
#include "client/oauth/pkce.h"

namespace bench = revento::bench;

namespace {

using Steady = std::chrono::steady_clock;

const std::string kRedirect = "http://localhost:3000/callback";
const std::string kClientAuth = "&client_id=rev_client_quickstart&client_secret=rev_secret_sandbox_quickstart";

// Errors by "operation status" ("refresh 400", "dance no-response").
class Errors {
 public:
  void Add(const std::string& operation, const httplib::Result& result) {
    std::string status = result ? std::to_string(result->status) : httplib::to_string(result.error());
    std::lock_guard lock(mutex_);
    ++counts_[operation + " " + status];
  }
  std::map<std::string, long> Snapshot() {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, long> counts_;
};

// One client: its own keep-alive connection and its own token family.
class Worker {
 public:
  Worker(int port, Errors& errors, int index) : client_("127.0.0.1", port), errors_(errors), step_(index) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
  }

  // One operation of the mix; false when it failed.
  bool Step() {
    int slot = step_++ % 20;
    if (slot == 0 || access_token_.empty()) return Dance();
    if (slot == 1 || slot == 2) return Refresh();
    if (slot == 3) return Trigger();
    return Read(slot % 3);
  }

 private:
  bool Dance() {
    auto pkce = revento::client::NewPkcePair();
    std::string path = "/oauth/authorize?response_type=code&client_id=rev_client_quickstart&redirect_uri=" +
                       bench::FormEncode(kRedirect) +
                       "&scope=event.read%20participants.read%20applications.read&event_id=evt_abc123&state=soak" +
                       "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256";
    auto authorized = client_.Get(path.c_str());
    if (!authorized || authorized->status != 302) return Fail("authorize", authorized);
    std::string location = authorized->get_header_value("Location");
    size_t at = location.find("code=");
    if (at == std::string::npos) return Fail("authorize", authorized);
    std::string code = location.substr(at + 5, location.find('&', at) - at - 5);
    auto token = client_.Post("/oauth/token",
                              "grant_type=authorization_code&code=" + code + "&redirect_uri=" + bench::FormEncode(kRedirect) +
                                  "&code_verifier=" + pkce.verifier + kClientAuth,
                              "application/x-www-form-urlencoded");
    return KeepTokens("code exchange", token);
  }

  bool Refresh() {
    auto token = client_.Post("/oauth/token",
                              "grant_type=refresh_token&refresh_token=" + bench::FormEncode(refresh_token_) + kClientAuth,
                              "application/x-www-form-urlencoded");
    return KeepTokens("refresh", token);
  }

  bool KeepTokens(const std::string& operation, const httplib::Result& result) {
    if (!result || result->status != 200) return Fail(operation, result);
    auto body = nlohmann::json::parse(result->body, nullptr, false);
    if (body.is_discarded()) return Fail(operation, result);
    access_token_ = body.value("access_token", "");
    refresh_token_ = body.value("refresh_token", "");
    return true;
  }

  bool Trigger() {
    auto result = client_.Post("/_sandbox/webhooks/trigger", R"({"type":"event.updated","event_id":"evt_abc123"})",
                               "application/json");
    if (!result || result->status != 200) return Fail("trigger", result);
    return true;
  }

  bool Read(int which) {
    static const char* kPaths[] = {"/api/v1/events/evt_abc123", "/api/v1/events/evt_abc123/participants?limit=50",
                                   "/api/v1/events/evt_abc123/applications?limit=50"};
    httplib::Headers headers = {{"Authorization", "Bearer " + access_token_},
                                {"Accept", "application/vnd.revento.v1+json"}};
    auto result = client_.Get(kPaths[which], headers);
    if (!result || result->status != 200) return Fail(std::string("read ") + kPaths[which], result);
    return true;
  }

  bool Fail(const std::string& operation, const httplib::Result& result) {
    errors_.Add(operation, result);
    return false;
  }

  httplib::Client client_;
  Errors& errors_;
  int step_;
  std::string access_token_;
  std::string refresh_token_;
};

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 600;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 8;

  std::atomic<long> receipts{0};
  bench::WebhookReceiver receiver([&](const httplib::Request&) { ++receipts; });
  if (receiver.port() == 0) return 1;

  char dir_template[] = "/tmp/revento-soak-XXXXXX";
  if (!mkdtemp(dir_template)) return 1;
  std::string data_dir = dir_template;
  bench::EmulatorChild emulator = bench::StartEmulatorChild(
      REVENTO_EMULATOR_BINARY, {"--port", "0", "--print-config", "--auto-consent", "--log-level", "warn", "--rate-limit",
                                "100000000", "--data-dir", data_dir, "--webhook-url", receiver.url()});
  if (emulator.port == 0) {
    bench::StopChild(emulator);
    std::fprintf(stderr, "bench_soak: the emulator did not start\n");
    return 1;
  }

  Errors errors;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < clients; ++i) workers.push_back(std::make_unique<Worker>(emulator.port, errors, i));

  // Runs every worker until `until`; with `per_client_per_second` > 0 each
  // is paced to that rate. Returns the operations done.
  std::atomic<long> operations_so_far{0};
  auto run = [&](Steady::time_point until, double per_client_per_second) {
    std::atomic<long> done{0};
    std::vector<std::thread> threads;
    for (auto& worker : workers) {
      threads.emplace_back([&, w = worker.get()] {
        auto next = Steady::now();
        auto interval = per_client_per_second > 0
                            ? std::chrono::duration_cast<Steady::duration>(
                                  std::chrono::duration<double>(1.0 / per_client_per_second))
                            : Steady::duration::zero();
        while (Steady::now() < until) {
          w->Step();
          ++done;
          ++operations_so_far;
          if (per_client_per_second > 0) {
            next += interval;
            std::this_thread::sleep_until(next);
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    return done.load();
  };

  constexpr int kPeakSeconds = 20;
  long peak_ops = run(Steady::now() + std::chrono::seconds(kPeakSeconds), 0);
  double peak = static_cast<double>(peak_ops) / kPeakSeconds;
  double target = peak / 2;
  auto peak_errors = errors.Snapshot();
  std::printf("peak: %d clients, %.0f operations/s over %d s; soak at %.0f/s for %d s\n", clients, peak,
              kPeakSeconds, target, seconds);

  auto memory = [&] {
    return std::to_string(bench::ProcStatusField(emulator.pid, "VmRSS")) + " KiB (anon " +
           std::to_string(bench::ProcStatusField(emulator.pid, "RssAnon")) + ", file " +
           std::to_string(bench::ProcStatusField(emulator.pid, "RssFile")) + ")";
  };
  long anon_start = bench::ProcStatusField(emulator.pid, "RssAnon");
  long threads_start = bench::ProcStatusField(emulator.pid, "Threads");
  std::printf("  soak   0 s: RSS %s, %ld threads\n", memory().c_str(), threads_start);
  std::atomic<bool> soaking{true};
  std::atomic<long> anon_one_minute{0};
  std::thread sampler([&] {
    auto started = Steady::now();
    long operations_before = operations_so_far;
    for (int minute = 1; soaking; ++minute) {
      auto at = started + std::chrono::minutes(minute);
      while (soaking && Steady::now() < at) std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (!soaking) break;
      if (minute == 1) anon_one_minute = bench::ProcStatusField(emulator.pid, "RssAnon");
      long operations_now = operations_so_far;
      std::printf("  soak %3d s: RSS %s, %ld threads, %.0f operations/s in the last minute\n", minute * 60,
                  memory().c_str(), bench::ProcStatusField(emulator.pid, "Threads"),
                  static_cast<double>(operations_now - operations_before) / 60.0);
      operations_before = operations_now;
      std::fflush(stdout);
    }
  });
  auto soak_started = Steady::now();
  long soak_ops = run(soak_started + std::chrono::seconds(seconds), target / clients);
  double soak_seconds = std::chrono::duration<double>(Steady::now() - soak_started).count();
  soaking = false;
  sampler.join();
  long anon_end = bench::ProcStatusField(emulator.pid, "RssAnon");
  std::string memory_end = memory();
  long threads_end = bench::ProcStatusField(emulator.pid, "Threads");

  httplib::Client control("127.0.0.1", emulator.port);
  auto flushed = control.Post("/_sandbox/deliveries/flush", "{}", "application/json");

  std::printf("soak: %ld operations in %.0f s (%.0f/s)\n", soak_ops, soak_seconds, soak_ops / soak_seconds);
  std::printf("  RssAnon start %ld KiB, end %ld KiB: end/start %.3f; RSS at the end %s; threads %ld -> %ld\n",
              anon_start, anon_end, static_cast<double>(anon_end) / static_cast<double>(anon_start),
              memory_end.c_str(), threads_start, threads_end);
  if (anon_one_minute > 0) {
    std::printf("  RssAnon from the 60-s sample (SQLite's page cache and the allocator's arenas filled) to the end: "
                "%ld -> %ld KiB, end/start %.3f\n",
                anon_one_minute.load(), anon_end,
                static_cast<double>(anon_end) / static_cast<double>(anon_one_minute.load()));
  }
  std::printf("  webhook receipts: %ld (flush: %s)\n", receipts.load(),
              flushed ? std::to_string(flushed->status).c_str() : "no response");
  auto all_errors = errors.Snapshot();
  long soak_error_count = 0;
  for (const auto& [what, count] : all_errors) {
    long during_soak = count - (peak_errors.contains(what) ? peak_errors[what] : 0);
    soak_error_count += during_soak;
    std::printf("  error: %s x%ld during the soak (x%ld during the peak)\n", what.c_str(), during_soak,
                peak_errors.contains(what) ? peak_errors[what] : 0);
  }
  if (soak_error_count == 0) std::printf("  errors during the soak: none\n");

  bench::StopChild(emulator);
  std::filesystem::remove_all(data_dir);
  return 0;
}
