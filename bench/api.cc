// bench/api: Read API throughput with wrk at 32 keep-alive connections,
// against the real revento-emulator binary, next to a bare cpp-httplib
// handler (bench_bare_server) measured in the same run. Prints figures;
// asserts nothing.
//
//   build/bench/bench_api [seconds per wrk run, default 5] [participants, default 1000000]
//
// How it gets a token without a backdoor: it starts the emulator on a fresh
// --data-dir with --participants N, reads the sandbox clock, stops it
// (SIGTERM checkpoints the database), inserts an installation and an access
// token (SHA-256 digest only, as /oauth/token stores it) into sandbox.db with
// SQLite, and starts the emulator again on that directory.
//
// Figures:
//   load        seconds to insert N synthetic participants (the emulator's log)
//   bare        GET on bench_bare_server (canned event-sized JSON body)
//   bare page   the same with a canned body the size of a page of 100
//   event       GET /api/v1/events/evt_abc123
//   page 1      GET .../participants?limit=100
//   page 10000  GET .../participants?limit=100&cursor=<cursor of page 10,000>
//
// Then the same three API figures once more against an Emulator built in
// this process on the default in-memory database (the state most users run:
// no file locks), its token inserted through Emulator::db(); the same
// product code, served the same way, only not exec'd.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "client/process/spawn.h"
#include "emulator/clock.h"
#include "emulator/emulator.h"
#include "emulator/ids.h"
#include "emulator/store/database.h"

namespace {

constexpr const char* kToken = "rev_install_bench_api_token";

struct Child {
  pid_t pid = -1;
  std::string first_line;
};

void InsertToken(revento::emulator::Database& db, int64_t now) {
  auto lock = db.Lock();
  db.Prepare(
        "INSERT INTO installations(id, integration_id, event_id, organization_id, scope, created_at) "
        "VALUES ('ins_bench', 'int_quickstart', 'evt_abc123', 'org_xyz789', "
        "'event.read participants.read', ?)")
      .Bind(1, now)
      .Run();
  db.Prepare(
        "INSERT INTO access_tokens(token_hash, installation_id, scope, created_at, expires_at) "
        "VALUES (?, 'ins_bench', 'event.read participants.read', ?, ?)")
      .Bind(1, revento::emulator::Sha256Hex(kToken))
      .Bind(2, now)
      .Bind(3, now + 86400)
      .Run();
}

// The cursor of page `target_page` (limit 100) of evt_abc123's participants.
std::string WalkTo(int port, int target_page) {
  httplib::Client client("127.0.0.1", port);
  httplib::Headers headers{{"Authorization", std::string("Bearer ") + kToken}};
  std::string list = "/api/v1/events/evt_abc123/participants?limit=100";
  std::string cursor;
  for (int page = 1; page < target_page; ++page) {
    auto res = client.Get(list + (cursor.empty() ? "" : "&cursor=" + cursor), headers);
    if (!res || res->status != 200) {
      std::fprintf(stderr, "bench_api: walk failed at page %d\n", page);
      break;
    }
    auto body = nlohmann::json::parse(res->body);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  auto last = client.Get(list + "&cursor=" + cursor, headers);
  auto last_body = nlohmann::json::parse(last ? last->body : "{}", nullptr, false);
  std::printf("bench_api: page %d starts at %s\n", target_page,
              last_body.contains("data") && !last_body["data"].empty()
                  ? last_body["data"][0]["id"].get<std::string>().c_str()
                  : "?");
  return cursor;
}

// Runs `args`, stdout to a pipe (first line returned), stderr to `err_path`.
Child Spawn(const std::vector<std::string>& args, const std::string& err_path) {
  auto spawned = revento::client::process::Spawn({args, std::nullopt, revento::client::process::Redirect::Pipe(),
                                                  revento::client::process::Redirect::File(err_path)});
  if (!spawned) return {};
  pid_t pid = spawned->pid;
  Child child{pid, ""};
  char c;
  while (read(spawned->out_fd, &c, 1) == 1 && c != '\n') child.first_line.push_back(c);
  close(spawned->out_fd);
  return child;
}

int Stop(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct WrkResult {
  double requests_per_second = 0;
  std::string latency;
  int non_2xx = 0;
};

WrkResult RunWrk(const std::string& url, int seconds, bool with_token) {
  std::string cmd = "wrk -t2 -c32 -d" + std::to_string(seconds) + "s";
  if (with_token) cmd += " -H 'Authorization: Bearer " + std::string(kToken) + "'";
  cmd += " -H 'Accept: application/vnd.revento.v1+json' '" + url + "'";
  std::printf("  $ %s\n", cmd.c_str());
  std::fflush(stdout);
  WrkResult result;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return result;
  std::array<char, 512> line;
  while (fgets(line.data(), line.size(), p)) {
    std::string l = line.data();
    if (l.find("Requests/sec:") != std::string::npos) result.requests_per_second = std::stod(l.substr(l.find(':') + 1));
    if (l.find("    Latency") == 0) result.latency = l.substr(4, l.size() - 5);
    if (l.find("Non-2xx") != std::string::npos) result.non_2xx = std::stoi(l.substr(l.find(':') + 1));
  }
  pclose(p);
  return result;
}

void Print(const char* name, const WrkResult& r, double baseline) {
  std::printf("  %-12s %10.0f req/s", name, r.requests_per_second);
  if (baseline > 0) std::printf("  (%5.1f%% of its bare)", 100.0 * r.requests_per_second / baseline);
  std::printf("   %s", r.latency.c_str());
  if (r.non_2xx) std::printf("   NON-2XX: %d", r.non_2xx);
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace revento::emulator;
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  long long participants = argc > 2 ? std::atoll(argv[2]) : 1000000;
  std::string bare_binary = (std::filesystem::path(argv[0]).parent_path() / "bench_bare_server").string();
  std::string dir = "/tmp/revento-bench-api-" + std::to_string(getpid());
  std::string err_path = dir + ".stderr";
  std::filesystem::remove_all(dir);
  signal(SIGPIPE, SIG_IGN);

  // 1. A data directory with N participants; read the sandbox clock.
  auto started = std::chrono::steady_clock::now();
  Child first = Spawn({REVENTO_EMULATOR_BINARY, "--port", "0", "--print-config", "--data-dir", dir, "--participants",
                       std::to_string(participants), "--log-level", "info"},
                      err_path);
  auto config = nlohmann::json::parse(first.first_line, nullptr, false);
  if (config.is_discarded()) {
    std::fprintf(stderr, "bench_api: the emulator did not start: %s\n", ReadAll(err_path).c_str());
    return 1;
  }
  double start_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int port = config["port"].get<int>();
  httplib::Client probe("127.0.0.1", port);
  auto clock = probe.Get("/_sandbox/clock");
  int64_t now = clock ? nlohmann::json::parse(clock->body)["unix"].get<int64_t>() : 0;
  Stop(first.pid);
  std::string log = ReadAll(err_path);
  size_t loaded = log.find("loaded ");
  std::printf(
      "bench_api: %lld participants; %s; exec to listening %.2f s\n", participants,
      loaded == std::string::npos ? "(no load line)" : log.substr(loaded, log.find('\n', loaded) - loaded).c_str(),
      start_seconds);

  // 2. An installation and an access token, stored as /oauth/token would.
  {
    auto db = Database::Open(dir + "/sandbox.db");
    if (!db) {
      std::fprintf(stderr, "bench_api: %s\n", db.error().message.c_str());
      return 1;
    }
    InsertToken(**db, now);
  }

  // 3. The emulator again on that state, and the bare server.
  Child emulator = Spawn({REVENTO_EMULATOR_BINARY, "--port", "0", "--print-config", "--data-dir", dir, "--log-level",
                          "off", "--rate-limit", "100000000"},
                         err_path);
  config = nlohmann::json::parse(emulator.first_line, nullptr, false);
  if (config.is_discarded()) {
    std::fprintf(stderr, "bench_api: the emulator did not restart: %s\n", ReadAll(err_path).c_str());
    return 1;
  }
  port = config["port"].get<int>();
  Child bare = Spawn({bare_binary}, "/dev/null");
  int bare_port = std::atoi(bare.first_line.c_str());
  if (bare_port <= 0) {
    std::fprintf(stderr, "bench_api: %s did not start\n", bare_binary.c_str());
    Stop(emulator.pid);
    return 1;
  }

  // 4. The cursor of page 10,000 (limit 100), by walking to it.
  std::string base = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/events/evt_abc123";
  int target_page = static_cast<int>(std::min<long long>(10000, (participants + 30 + 99) / 100));
  std::string cursor = WalkTo(port, target_page);

  // 5. wrk, 32 keep-alive connections, one after the other.
  auto bare_result =
      RunWrk("http://127.0.0.1:" + std::to_string(bare_port) + "/api/v1/events/evt_abc123", seconds, false);
  Print("bare", bare_result, 0);
  auto bare_page =
      RunWrk("http://127.0.0.1:" + std::to_string(bare_port) + "/api/v1/events/evt_abc123/participants?limit=100",
             seconds, false);
  Print("bare page", bare_page, 0);
  auto event = RunWrk(base, seconds, true);
  Print("event", event, bare_result.requests_per_second);
  auto page1 = RunWrk(base + "/participants?limit=100", seconds, true);
  Print("page 1", page1, bare_page.requests_per_second);
  auto page_n = RunWrk(base + "/participants?limit=100&cursor=" + cursor, seconds, true);
  Print("page 10000", page_n, bare_page.requests_per_second);
  if (page_n.requests_per_second > 0) {
    std::printf("  page 10000 costs %.2fx page 1 (time per request)\n",
                page1.requests_per_second / page_n.requests_per_second);
  }

  Stop(emulator.pid);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(err_path);

  // 6. In-process, in-memory.
  Options options;
  options.port = 0;
  options.participants = participants;
  options.rate_limit_per_minute = 100000000;
  options.log_level = LogLevel::kOff;
  auto in_process = Emulator::Create(options);
  if (!in_process || !(*in_process)->Start()) {
    std::fprintf(stderr, "bench_api: in-process emulator failed\n");
    Stop(bare.pid);
    return 1;
  }
  InsertToken((*in_process)->db(), UnixSeconds((*in_process)->clock().Now()));
  (*in_process)->ServeInBackground();
  int memory_port = (*in_process)->port();
  std::printf("bench_api: in-process, in-memory emulator on port %d\n", memory_port);
  std::string memory_base = "http://127.0.0.1:" + std::to_string(memory_port) + "/api/v1/events/evt_abc123";
  std::string memory_cursor = WalkTo(memory_port, target_page);
  auto m_event = RunWrk(memory_base, seconds, true);
  Print("event", m_event, bare_result.requests_per_second);
  auto m_page1 = RunWrk(memory_base + "/participants?limit=100", seconds, true);
  Print("page 1", m_page1, bare_page.requests_per_second);
  auto m_page_n = RunWrk(memory_base + "/participants?limit=100&cursor=" + memory_cursor, seconds, true);
  Print("page 10000", m_page_n, bare_page.requests_per_second);
  if (m_page_n.requests_per_second > 0) {
    std::printf("  page 10000 costs %.2fx page 1 (time per request)\n",
                m_page1.requests_per_second / m_page_n.requests_per_second);
  }
  Stop(bare.pid);
  (*in_process)->Stop();
  in_process->reset();
  return 0;
}
