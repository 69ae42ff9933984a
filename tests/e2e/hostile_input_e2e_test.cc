// Every finding of the hostile-input probe (issue 13), replayed against the
// real binary on loopback: after each, the emulator still answers
// /_sandbox/health. Memory is read from /proc (VmRSS) and printed as a
// figure; a bound on its growth is asserted where the finding was growth.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "tests/emulator/oauth/oauth_flow.h"
#include "tests/support/emulator_process.h"
#include "tests/support/raw_http.h"
#include "portable/httplib_compat.h"

namespace revento::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

long RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

long Threads(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("Threads:")) return std::stol(line.substr(8));
  return -1;
}

std::string Nested(size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

std::string ChunkOf(size_t size) {
  char line[32];
  std::snprintf(line, sizeof line, "%zx\r\n", size);
  return line + std::string(size, 'x') + "\r\n";
}

class HostileInputE2E : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void Start(const std::vector<std::string>& args) {
    emulator_ = EmulatorProcess::Start(args);
    ASSERT_TRUE(emulator_);
    client_ = emulator_->Client();
  }
  // Health answers; returns how long it took, in milliseconds.
  double ExpectHealthy() {
    auto started = Clock::now();
    auto health = emulator_->Client()->Get("/_sandbox/health");
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    EXPECT_TRUE(health) << "the emulator no longer answers";
    if (health) {
      EXPECT_EQ(health->status, 200);
    }
    return ms;
  }
  RawResponse Exchange(const std::string& request) {
    RawConnection conn(emulator_->port());
    conn.Send(request);
    return conn.ReadResponse();
  }
  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<httplib::Client> client_;
};

// Finding 1: 50,000 nested arrays once overflowed the stack.
TEST_F(HostileInputE2E, DeeplyNestedJsonIs400) {
  auto trigger =
      client_->Post("/_sandbox/webhooks/trigger",
                    R"({"type":"event.updated","event_id":"evt_abc123","overrides":{"x":)" + Nested(50000) + "}}",
                    "application/json");
  ASSERT_TRUE(trigger);
  EXPECT_EQ(trigger->status, 400);
  EXPECT_NE(trigger->body.find("deeper than 64"), std::string::npos) << trigger->body;
  auto application =
      client_->Post("/_sandbox/events/evt_abc123/applications",
                    R"({"applicant_name":"A","applicant_email":"a@example.com","answers":{"x":)" + Nested(50000) + "}}",
                    "application/json");
  ASSERT_TRUE(application);
  EXPECT_EQ(application->status, 400);
  ExpectHealthy();
}

// Finding 2: chunked bodies skipped the 1 MiB limit (831 MB took RSS to
// 982 MB; 100 MB to /_sandbox/reset answered 200).
TEST_F(HostileInputE2E, HugeChunkedBodiesAre413WithoutGrowingMemory) {
  long before = RssKib(emulator_->pid());
  for (const char* path : {"/_sandbox/reset", "/oauth/token"}) {
    SCOPED_TRACE(path);
    RawConnection conn(emulator_->port());
    conn.Send(std::string("POST ") + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " +
              (std::string(path) == "/oauth/token" ? "application/x-www-form-urlencoded" : "application/json") +
              "\r\nTransfer-Encoding: chunked\r\n\r\n");
    size_t sent = conn.SendUntilAnswered(ChunkOf(64 * 1024), size_t{100} << 20);
    auto res = conn.ReadResponse();
    EXPECT_EQ(res.status, 413) << res.head << res.body;
    std::printf("[ figure ] %s: 413 after %zu bytes of chunked body sent\n", path, sent);
  }
  long after = RssKib(emulator_->pid());
  std::printf("[ figure ] RSS before %ld KiB, after two 100 MB chunked uploads %ld KiB\n", before, after);
  EXPECT_LT(after - before, 64 * 1024) << "the body was buffered";
  ExpectHealthy();
}

// Finding 2 and issue 12: a POST with neither Content-Length nor
// Transfer-Encoding has an empty body (curl -X POST sends that).
TEST_F(HostileInputE2E, BodilessPostIsServed) {
  auto res = Exchange("POST /_sandbox/events/evt_abc123/publish HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(res.status, 200) << res.body;
  ExpectHealthy();
}

// Finding 3: 200,000 headers of 1 KB were accepted (RSS 146 -> 546 MB).
TEST_F(HostileInputE2E, AHeaderFloodIs431) {
  long before = RssKib(emulator_->pid());
  RawConnection conn(emulator_->port());
  conn.Send("GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\n");
  size_t sent = conn.SendUntilAnswered("X-Flood: " + std::string(1014, 'a') + "\r\n", size_t{200000} * 1024);
  auto res = conn.ReadResponse();
  EXPECT_EQ(res.status, 431) << res.head;
  long after = RssKib(emulator_->pid());
  std::printf("[ figure ] header flood: 431 after %zu bytes; RSS %ld -> %ld KiB\n", sent, before, after);
  EXPECT_LT(after - before, 32 * 1024);
  ExpectHealthy();
}

// Finding 4: slow and idle connections stalled health for seconds and left
// a thousand threads behind. A few hundred of each must not delay it.
TEST_F(HostileInputE2E, SlowAndIdleConnectionsDoNotStallHealth) {
  std::vector<std::unique_ptr<RawConnection>> attackers;
  for (int i = 0; i < 200; ++i) attackers.push_back(std::make_unique<RawConnection>(emulator_->port()));
  for (int i = 0; i < 200; ++i) {
    attackers.push_back(std::make_unique<RawConnection>(emulator_->port()));
    attackers.back()->Send("GET /_sandbox/health HTTP/1.1\r\nX-Slow: ");  // a head that never ends
  }
  ExpectHealthy();  // the first request on a fresh connection warms nothing in particular
  std::vector<double> times;
  for (int i = 0; i < 20; ++i) times.push_back(ExpectHealthy());
  std::sort(times.begin(), times.end());
  long threads = Threads(emulator_->pid());
  std::printf("[ figure ] health during 200 idle + 200 slow connections: median %.1f ms, max %.1f ms; %ld threads\n",
              times[times.size() / 2], times.back(), threads);
  // The goal is 100 ms; a loaded 2-core CI machine gets a wide margin.
  EXPECT_LT(times[times.size() / 2], 1000.0);
  attackers.clear();
}

// Past the connection cap (512), idle connections make room for new ones.
TEST_F(HostileInputE2E, MoreIdleConnectionsThanTheCapDoNotLockHealthOut) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 700; ++i) idle.push_back(std::make_unique<RawConnection>(emulator_->port()));
  double ms = ExpectHealthy();
  std::printf("[ figure ] health during 700 idle connections (cap 512): %.1f ms; %ld threads\n", ms,
              Threads(emulator_->pid()));
}

// Finding 5 (webhook sender) is replayed in
// tests/emulator/webhooks/transport_test.cc against raw receivers; here the
// whole path: a trickling receiver is a timeout, recorded and retried.
TEST(HostileWebhookE2E, ATricklingReceiverIsATimeoutAndTheDeliveryIsRetried) {
  int listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::listen(listen_fd, 16);
  std::atomic<bool> stop{false};
  std::thread receiver([&] {
    int fd = ::accept(listen_fd, nullptr, nullptr);
    if (fd < 0) return;
    ::send(fd, "HTTP/1.1 200 OK\r\n", 17, MSG_NOSIGNAL);
    for (int i = 0; i < 200 && !stop; ++i) {
      if (::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) <= 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::close(fd);
  });
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/hook";
  auto emulator = EmulatorProcess::Start({"--webhook-url", url, "--webhook-timeout", "1", "--auto-consent"});
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  revento::portable::SetPathEncode(*client, false);
  oauth::Dance(*client);  // installs the integration on the event: it now gets event webhooks
  auto started = Clock::now();
  auto trigger = client->Post("/_sandbox/webhooks/trigger", R"({"type":"event.updated","event_id":"evt_abc123"})",
                              "application/json");
  ASSERT_TRUE(trigger);
  ASSERT_EQ(trigger->status, 200) << trigger->body;
  std::string id = json::parse(trigger->body)["delivery_ids"][0];
  ASSERT_TRUE(client->Post("/_sandbox/deliveries/flush"));
  auto delivery = json::parse(client->Get("/_sandbox/deliveries/" + id)->body);
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  stop = true;
  receiver.join();
  ::close(listen_fd);
  EXPECT_EQ(delivery["status"], "pending") << delivery.dump();
  ASSERT_FALSE(delivery["attempts"].empty()) << delivery.dump();
  EXPECT_TRUE(delivery["attempts"][0]["error"].get<std::string>().starts_with("timed out")) << delivery.dump();
  std::printf("[ figure ] trickling receiver, --webhook-timeout 1: first attempt recorded after %.2f s\n", seconds);
  EXPECT_EQ(client->Get("/_sandbox/health")->status, 200);
}

long PeakRssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  return -1;
}

// Issue 20, point 4: a receiver that sends header lines, one endless header
// line or an endless body for the whole attempt once grew the emulator by
// 560 MB per attempt. Each attempt now stops at a cap and names it, and the
// emulator's peak memory stays where it was.
TEST(HostileWebhookE2E, FloodingReceiversHitTheCapsAndMemoryStaysBounded) {
  int listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::listen(listen_fd, 16);
  struct Flood {
    std::string head, unit;
  };
  const std::vector<Flood> floods = {{"HTTP/1.1 200 OK\r\n", "X-Flood: 1\r\n"},
                                     {"HTTP/1.1 200 OK\r\nX-Long: ", "aaaaaaaa"},
                                     {"HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n", "z"}};
  std::atomic<size_t> mode{0};
  std::thread receiver([&] {
    for (;;) {
      int fd = ::accept(listen_fd, nullptr, nullptr);
      if (fd < 0) return;
      char buffer[4096];
      std::string request;
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      const Flood& flood = floods[mode.load() % floods.size()];
      ::send(fd, flood.head.data(), flood.head.size(), MSG_NOSIGNAL);
      std::string block;
      while (block.size() < 256 * 1024) block += flood.unit;
      // At most 2 GiB, for as long as the sender reads.
      for (size_t sent = 0; sent < (size_t{2} << 30);) {
        ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ::close(fd);
    }
  });
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/hook";
  auto emulator = EmulatorProcess::Start({"--webhook-url", url, "--webhook-timeout", "3", "--auto-consent"});
  ASSERT_TRUE(emulator);
  auto client = emulator->Client();
  portable::SetPathEncode(*client, false);
  oauth::Dance(*client);
  long before = PeakRssKib(emulator->pid());
  const std::vector<std::string> expected = {"more than 100 header lines (the cap on header count)",
                                             "exceed 16384 bytes (the cap on header bytes)", ""};
  for (size_t i = 0; i < floods.size(); ++i) {
    mode = i;
    auto trigger = client->Post("/_sandbox/webhooks/trigger", R"({"type":"event.updated","event_id":"evt_abc123"})",
                                "application/json");
    ASSERT_TRUE(trigger);
    ASSERT_EQ(trigger->status, 200) << trigger->body;
    std::string id = json::parse(trigger->body)["delivery_ids"][0];
    ASSERT_TRUE(client->Post("/_sandbox/deliveries/flush"));
    auto delivery = json::parse(client->Get("/_sandbox/deliveries/" + id)->body);
    ASSERT_FALSE(delivery["attempts"].empty()) << delivery.dump();
    const json& attempt = delivery["attempts"][0];
    if (expected[i].empty()) {
      // An endless body: the status and the start of the body, the rest unread.
      EXPECT_EQ(attempt["status_code"], 200) << attempt.dump();
      EXPECT_EQ(attempt["response_excerpt"], std::string(1024, 'z'));
    } else {
      EXPECT_TRUE(attempt["status_code"].is_null()) << attempt.dump();
      EXPECT_NE(attempt["error"].get<std::string>().find(expected[i]), std::string::npos) << attempt.dump();
    }
  }
  long after = PeakRssKib(emulator->pid());
  ::shutdown(listen_fd, SHUT_RDWR);
  receiver.join();
  ::close(listen_fd);
  std::printf("[ figure ] three flooding receivers: emulator peak RSS %ld KiB before, %ld KiB after\n", before, after);
  EXPECT_LT(after - before, 32 * 1024) << "the emulator's peak memory grew with what the receivers sent";
  EXPECT_EQ(client->Get("/_sandbox/health")->status, 200);
}

// Finding 6: the clock overflowed (year 1759, 1816).
TEST_F(HostileInputE2E, ClockOutsideItsRangeIs400) {
  auto advance = client_->Post("/_sandbox/clock", R"({"advance_seconds": 10000000000})", "application/json");
  ASSERT_TRUE(advance);
  EXPECT_EQ(advance->status, 400);
  auto set = client_->Post("/_sandbox/clock", R"({"set": "9999-12-31T23:59:59Z"})", "application/json");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 400);
  auto now = json::parse(client_->Get("/_sandbox/clock")->body)["now"].get<std::string>();
  EXPECT_TRUE(now.starts_with("20")) << now;
  ExpectHealthy();
}

// Finding 7: --fixtures /dev/zero hung at 945 MB.
TEST(HostileFixturesE2E, DevicesAndDirectoriesAreRefusedAtOnce) {
  auto zero = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--fixtures", "/dev/zero"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("/dev/zero: is not a regular file"), std::string::npos) << zero.err;
  auto dir = RunCommand(REVENTO_EMULATOR_BINARY, {"--port", "0", "--fixtures", "/tmp"});
  EXPECT_EQ(dir.exit_code, 2);
  EXPECT_NE(dir.err.find("/tmp: is a directory"), std::string::npos) << dir.err;
}

// Finding 8: after a restart, --random-secrets printed secrets the server
// rejected.
TEST(HostileSecretsE2E, RandomSecretsSurviveARestartAsPrinted) {
  std::string dir = "/tmp/revento-hostile-secrets-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::string first;
  {
    auto emulator = EmulatorProcess::Start({"--data-dir", dir, "--random-secrets"});
    ASSERT_TRUE(emulator);
    first = emulator->config()["client_secret"];
  }
  auto emulator = EmulatorProcess::Start({"--data-dir", dir, "--random-secrets"});
  ASSERT_TRUE(emulator);
  EXPECT_EQ(emulator->config()["client_secret"], first);
  auto token = emulator->Client()->Post(
      "/oauth/token",
      "grant_type=refresh_token&refresh_token=rt_x&client_id=rev_client_quickstart&client_secret=" + first,
      "application/x-www-form-urlencoded");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->status, 400) << "the printed secret authenticates: " << token->body;
  std::filesystem::remove_all(dir);
}

// Finding 9: anonymous authorize calls grew RSS from 12 to 291 MB.
TEST_F(HostileInputE2E, AnonymousAuthorizeCallsAreBounded) {
  std::string path =
      "/oauth/authorize?response_type=code&client_id=rev_client_quickstart&redirect_uri=http%3A%2F%2Flocalhost%3A3000"
      "%2Fcallback&scope=event.read&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
      "&code_challenge_method=S256&event_id=evt_abc123";
#if defined(REVENTO_SANITIZE_ADDRESS)
  // ASan holds freed memory in a quarantine (256 MiB by default) and, with
  // detect_stack_use_after_return, gives every thread that serves a request
  // fake stacks, both of which RSS counts (the reactor's pollers take turns
  // on one keep-alive connection: up to 29 MiB here). This test's emulator
  // runs without either, so its RSS means what the bound says.
  const char* inherited = std::getenv("ASAN_OPTIONS");
  std::string options = inherited ? inherited : "";
  setenv("ASAN_OPTIONS",
         (options + (options.empty() ? "" : ":") + "quarantine_size_mb=0:detect_stack_use_after_return=0").c_str(), 1);
  Start({});
  if (inherited) {
    setenv("ASAN_OPTIONS", options.c_str(), 1);
  } else {
    unsetenv("ASAN_OPTIONS");
  }
#endif
  client_->set_keep_alive(true);
  revento::portable::SetPathEncode(*client_, false);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(client_->Get(path)->status, 200);
  long warm = RssKib(emulator_->pid());
  auto started = Clock::now();
  for (int i = 0; i < 12000; ++i) ASSERT_EQ(client_->Get(path)->status, 200);
  long after = RssKib(emulator_->pid());
  std::printf("[ figure ] 12,000 more anonymous authorize calls in %.1f s: RSS %ld -> %ld KiB\n",
              std::chrono::duration<double>(Clock::now() - started).count(), warm, after);
  // ThreadSanitizer's shadow grows with every address touched: the bound is
  // checked in plain and ASan builds.
#if !defined(REVENTO_SANITIZE_THREAD)
  EXPECT_LT(after - warm, 32 * 1024);
#endif
  ExpectHealthy();
}

// Finding 10: an empty path segment was served.
TEST_F(HostileInputE2E, EmptyPathSegmentsAre404) {
  for (const char* path : {"/api/v1//events/evt_abc123", "//_sandbox/health", "/_sandbox//clock"}) {
    auto res = Exchange(std::string("GET ") + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(res.status, 404) << path;
  }
  ExpectHealthy();
}

// Finding 11: HTML pages carry CSP, nosniff and X-Frame-Options; a consent
// POST from another origin is refused.
TEST_F(HostileInputE2E, HtmlPagesAreLockedDownAndCrossSiteConsentIsRefused) {
  auto page = Exchange("GET /oauth/authorize?client_id=rev_client_quickstart HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_TRUE(page.Has("Content-Security-Policy: default-src 'none'")) << page.head;
  EXPECT_TRUE(page.Has("X-Content-Type-Options: nosniff")) << page.head;
  EXPECT_TRUE(page.Has("X-Frame-Options: DENY")) << page.head;
  auto consent = Exchange(
      "POST /oauth/consent HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 36\r\n\r\n"
      "consent_id=cns_x&decision=authorize\n");
  EXPECT_EQ(consent.status, 400);
  EXPECT_NE(consent.body.find("http://evil.example"), std::string::npos) << consent.body;
  ExpectHealthy();
}

// Issue 12: methods a path does not serve are 405 with an exact Allow.
TEST_F(HostileInputE2E, OtherMethodsAre405WithAnExactAllow) {
  auto options = Exchange("OPTIONS /oauth/token HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(options.status, 405);
  EXPECT_TRUE(options.Has("Allow: POST\r\n")) << options.head;
  EXPECT_EQ(json::parse(options.body, nullptr, false)["error"], "invalid_request") << options.body;
  auto trace = Exchange("TRACE /api/v1/events/evt_abc123 HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(trace.status, 405);
  EXPECT_TRUE(trace.Has("Allow: GET, HEAD\r\n")) << trace.head;
  ExpectHealthy();
}

}  // namespace
}  // namespace revento::testing
